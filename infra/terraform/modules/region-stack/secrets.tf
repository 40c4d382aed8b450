# The app's connection strings (deploy/base/secrets.yaml reads bookedbarber/<region>/api).
# Terraform creates the secret and its key; operators put the value (docs/DEPLOY.md).
resource "aws_secretsmanager_secret" "api" {
  name       = "bookedbarber/${var.region}/api"
  kms_key_id = module.kms.key_arns["secrets"]
}

data "aws_iam_policy_document" "read_region_secrets" {
  statement {
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = ["arn:aws:secretsmanager:${var.region}:*:secret:bookedbarber/${var.region}/*"]
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = [module.kms.key_arns["secrets"]]
  }
}

module "external_secrets_role" {
  source            = "../irsa-role"
  name              = "${local.name}-external-secrets"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  service_accounts  = ["external-secrets:external-secrets"]
  policy_json       = data.aws_iam_policy_document.read_region_secrets.json
  tags              = var.tags
}

# Assumed by every CloudNativePG cluster's service account (serviceAccountTemplate in deploy/).
module "postgres_backup_role" {
  source            = "../irsa-role"
  name              = "${local.name}-postgres-backup"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  service_accounts  = ["bookedbarber-db:*"]
  policy_json       = module.backups.writer_policy_json
  tags              = var.tags
}
