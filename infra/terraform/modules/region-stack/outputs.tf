# Re-exported by every environment: other regions' peering reads the VPC values
# from that state; operators read the rest (docs/DEPLOY.md).
output "vpc_id" {
  value = module.network.vpc_id
}

output "vpc_cidr" {
  value = module.network.cidr
}

output "private_route_table_ids" {
  value = module.network.private_route_table_ids
}

output "cluster_name" {
  value = module.eks.cluster_name
}

output "redis_primary_endpoint" {
  value = module.redis.primary_endpoint
}

output "postgres_backup_role_arn" {
  value = module.postgres_backup_role.arn
}

# For REDIS_URL in Secrets Manager (docs/DEPLOY.md, "Stand up a region").
output "redis_auth_token" {
  value     = module.redis.auth_token
  sensitive = true
}
