output "vpc_id" {
  value = module.region.vpc_id
}

output "vpc_cidr" {
  value = module.region.vpc_cidr
}

output "private_route_table_ids" {
  value = module.region.private_route_table_ids
}

output "cluster_name" {
  value = module.region.cluster_name
}

output "redis_primary_endpoint" {
  value = module.region.redis_primary_endpoint
}

output "postgres_backup_role_arn" {
  value = module.region.postgres_backup_role_arn
}

# For REDIS_URL in Secrets Manager (docs/DEPLOY.md, "Stand up a region").
output "redis_auth_token" {
  value     = module.region.redis_auth_token
  sensitive = true
}
