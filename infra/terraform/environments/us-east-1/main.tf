# us-east-1: the catalog primary's region. Apply after
# bootstrap/ (state bucket, lock table, public zone).
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
    key            = "us-east-1/terraform.tfstate"
    region         = "us-east-1"
    encrypt        = true
    dynamodb_table = "bookedbarber-terraform-locks"
  }
}

locals {
  tags = { project = "bookedbarber", region = "us-east-1", managed_by = "terraform" }
}

provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = local.tags
  }
}

module "region" {
  source = "../../modules/region-stack"
  providers = {
    aws                 = aws
    aws.catalog_primary = aws
  }
  region                 = "us-east-1"
  cidr                   = "10.10.0.0/16"
  azs                    = ["us-east-1a", "us-east-1b", "us-east-1c"]
  app_nodes              = { min_size = 3, max_size = 30 }
  catalog_primary_region = "us-east-1"
  public_zone_id         = var.public_zone_id
  ingress_lb_dns_name    = var.ingress_lb_dns_name
  ingress_lb_zone_id     = var.ingress_lb_zone_id
  ci_runner_cidrs        = var.ci_runner_cidrs
  tags                   = local.tags
}
