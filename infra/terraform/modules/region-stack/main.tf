# Everything one region runs on: network, KMS keys, EKS, the backup bucket,
# ElastiCache, the region's secret and the roles its pods assume (secrets.tf),
# DNS and, outside the catalog primary's region, peering to it (routing.tf).
# Each environments/<region> is a thin root that calls this module once.
terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      version               = "~> 5.80"
      configuration_aliases = [aws.catalog_primary]
    }
  }
}

locals {
  name = "bookedbarber-${var.region}"
  # The catalog primary's region peers with no one; every other region peers with it.
  is_catalog_primary = var.region == var.catalog_primary_region
}

module "network" {
  source = "../network"
  name   = local.name
  cidr   = var.cidr
  azs    = var.azs
  tags   = var.tags
}

module "kms" {
  source   = "../kms"
  name     = local.name
  purposes = ["eks", "backups", "redis", "secrets", "logs"]
  tags     = var.tags
}

module "eks" {
  source              = "../eks"
  name                = local.name
  private_subnet_ids  = module.network.private_subnet_ids
  public_access_cidrs = var.ci_runner_cidrs
  secrets_kms_key_arn = module.kms.key_arns["eks"]
  logs_kms_key_arn    = module.kms.key_arns["logs"]
  node_groups = {
    app = { instance_types = ["m7g.xlarge"], min_size = var.app_nodes.min_size, max_size = var.app_nodes.max_size }
    db  = { instance_types = ["r7g.2xlarge"], min_size = 3, max_size = 9 }
  }
  tags = var.tags
}

module "backups" {
  source      = "../backup-bucket"
  bucket_name = "bookedbarber-backups-${var.region}"
  kms_key_arn = module.kms.key_arns["backups"]
  tags        = var.tags
}

module "redis" {
  source             = "../redis"
  name               = local.name
  vpc_id             = module.network.vpc_id
  vpc_cidr           = module.network.cidr
  private_subnet_ids = module.network.private_subnet_ids
  kms_key_arn        = module.kms.key_arns["redis"]
  tags               = var.tags
}
