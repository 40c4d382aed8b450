# eu-west-1: a secondary region (catalog replica). Apply after
# bootstrap/ (state bucket, lock table, public zone) and after us-east-1.
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
    key            = "eu-west-1/terraform.tfstate"
    region         = "us-east-1"
    encrypt        = true
    dynamodb_table = "bookedbarber-terraform-locks"
  }
}

locals {
  region = "eu-west-1"
  name   = "bookedbarber-eu-west-1"
  tags   = { project = "bookedbarber", region = "eu-west-1", managed_by = "terraform" }
}

provider "aws" {
  region = local.region
  default_tags {
    tags = local.tags
  }
}

module "network" {
  source = "../../modules/network"
  name   = local.name
  cidr   = "10.30.0.0/16"
  azs    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  tags   = local.tags
}

module "kms" {
  source   = "../../modules/kms"
  name     = local.name
  purposes = ["eks", "backups", "redis", "secrets", "logs"]
  tags     = local.tags
}

module "eks" {
  source              = "../../modules/eks"
  name                = local.name
  private_subnet_ids  = module.network.private_subnet_ids
  public_access_cidrs = var.ci_runner_cidrs
  secrets_kms_key_arn = module.kms.key_arns["eks"]
  logs_kms_key_arn    = module.kms.key_arns["logs"]
  node_groups = {
    app = { instance_types = ["m7g.xlarge"], min_size = 3, max_size = 20 }
    db  = { instance_types = ["r7g.2xlarge"], min_size = 3, max_size = 9 }
  }
  tags = local.tags
}

module "backups" {
  source      = "../../modules/backup-bucket"
  bucket_name = "bookedbarber-backups-eu-west-1"
  kms_key_arn = module.kms.key_arns["backups"]
  tags        = local.tags
}

# Assumed by every CloudNativePG cluster's service account (serviceAccountTemplate in deploy/).
module "postgres_backup_role" {
  source            = "../../modules/irsa-role"
  name              = "${local.name}-postgres-backup"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  service_accounts  = ["bookedbarber-db:*"]
  policy_json       = module.backups.writer_policy_json
  tags              = local.tags
}

module "redis" {
  source             = "../../modules/redis"
  name               = local.name
  vpc_id             = module.network.vpc_id
  vpc_cidr           = module.network.cidr
  private_subnet_ids = module.network.private_subnet_ids
  kms_key_arn        = module.kms.key_arns["redis"]
  tags               = local.tags
}

# The app's connection strings (deploy/base/secrets.yaml reads bookedbarber/<region>/api).
# Terraform creates the secret and its key; operators put the value (docs/DEPLOY.md).
resource "aws_secretsmanager_secret" "api" {
  name       = "bookedbarber/eu-west-1/api"
  kms_key_id = module.kms.key_arns["secrets"]
}

data "aws_iam_policy_document" "read_region_secrets" {
  statement {
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = ["arn:aws:secretsmanager:eu-west-1:*:secret:bookedbarber/eu-west-1/*"]
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = [module.kms.key_arns["secrets"]]
  }
}

module "external_secrets_role" {
  source            = "../../modules/irsa-role"
  name              = "${local.name}-external-secrets"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  service_accounts  = ["external-secrets:external-secrets"]
  policy_json       = data.aws_iam_policy_document.read_region_secrets.json
  tags              = local.tags
}

module "dns" {
  source              = "../../modules/dns"
  region              = local.region
  zone_id             = var.public_zone_id
  ingress_lb_dns_name = var.ingress_lb_dns_name
  ingress_lb_zone_id  = var.ingress_lb_zone_id
  tags                = local.tags
}

# The catalog primary's region: its VPC is peered with this one.
data "terraform_remote_state" "us_east_1" {
  backend = "s3"
  config = {
    bucket = "bookedbarber-terraform-state"
    key    = "us-east-1/terraform.tfstate"
    region = "us-east-1"
  }
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
  default_tags {
    tags = local.tags
  }
}

module "peering" {
  source = "../../modules/peering"
  providers = {
    aws      = aws
    aws.peer = aws.us_east_1
  }
  name                 = "bookedbarber-eu-west-1-to-us-east-1"
  vpc_id               = module.network.vpc_id
  cidr                 = module.network.cidr
  route_table_ids      = module.network.private_route_table_ids
  peer_region          = "us-east-1"
  peer_vpc_id          = data.terraform_remote_state.us_east_1.outputs.vpc_id
  peer_cidr            = data.terraform_remote_state.us_east_1.outputs.vpc_cidr
  peer_route_table_ids = data.terraform_remote_state.us_east_1.outputs.private_route_table_ids
  tags                 = local.tags
}
