# ap-southeast-1: a secondary region (catalog replica). Apply after
# bootstrap/ (state bucket, lock table, public zone) and after us-east-1.
# Everything the region runs is in modules/region-stack; this root holds the
# backend, the providers and what differs between regions.
terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.0"
    }
  }
  backend "s3" {
    bucket         = "bookedbarber-terraform-state"
    key            = "ap-southeast-1/terraform.tfstate"
    region         = "us-east-1"
    encrypt        = true
    dynamodb_table = "bookedbarber-terraform-locks"
  }
}

locals {
  tags = { project = "bookedbarber", region = "ap-southeast-1", managed_by = "terraform" }
}

provider "aws" {
  region = "ap-southeast-1"
  default_tags {
    tags = local.tags
  }
}

# The catalog primary's region: this region's VPC is peered with it.
provider "aws" {
  alias  = "catalog_primary"
  region = "us-east-1"
  default_tags {
    tags = local.tags
  }
}

module "region" {
  source = "../../modules/region-stack"
  providers = {
    aws                 = aws
    aws.catalog_primary = aws.catalog_primary
  }
  region                 = "ap-southeast-1"
  cidr                   = "10.40.0.0/16"
  azs                    = ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]
  app_nodes              = { min_size = 2, max_size = 12 }
  catalog_primary_region = "us-east-1"
  public_zone_id         = var.public_zone_id
  ingress_lb_dns_name    = var.ingress_lb_dns_name
  ingress_lb_zone_id     = var.ingress_lb_zone_id
  ci_runner_cidrs        = var.ci_runner_cidrs
  tags                   = local.tags
}
