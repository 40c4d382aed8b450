module "dns" {
  source              = "../dns"
  region              = var.region
  zone_id             = var.public_zone_id
  ingress_lb_dns_name = var.ingress_lb_dns_name
  ingress_lb_zone_id  = var.ingress_lb_zone_id
  tags                = var.tags
}

# A secondary region's VPC is peered with the catalog primary's, read from that
# region's state (applied first).
data "terraform_remote_state" "catalog_primary" {
  count   = local.is_catalog_primary ? 0 : 1
  backend = "s3"
  config = {
    bucket = var.state_bucket
    key    = "${var.catalog_primary_region}/terraform.tfstate"
    region = var.catalog_primary_region
  }
}

module "peering" {
  source = "../peering"
  count  = local.is_catalog_primary ? 0 : 1
  providers = {
    aws      = aws
    aws.peer = aws.catalog_primary
  }
  name                 = "${local.name}-to-${var.catalog_primary_region}"
  vpc_id               = module.network.vpc_id
  cidr                 = module.network.cidr
  route_table_ids      = module.network.private_route_table_ids
  peer_region          = var.catalog_primary_region
  peer_vpc_id          = data.terraform_remote_state.catalog_primary[0].outputs.vpc_id
  peer_cidr            = data.terraform_remote_state.catalog_primary[0].outputs.vpc_cidr
  peer_route_table_ids = data.terraform_remote_state.catalog_primary[0].outputs.private_route_table_ids
  tags                 = var.tags
}
