variable "name" {
  type = string
}

variable "kubernetes_version" {
  type    = string
  default = "1.32"
}

variable "private_subnet_ids" {
  type = list(string)
}

variable "public_access_cidrs" {
  type        = list(string)
  default     = []
  description = "Ranges allowed to reach the API endpoint from outside the VPC (the release pipeline's runners); empty keeps it private."
}

variable "secrets_kms_key_arn" {
  type = string
}

variable "logs_kms_key_arn" {
  type = string
}

variable "node_groups" {
  type = map(object({
    instance_types = list(string)
    min_size       = number
    max_size       = number
  }))
  description = "E.g. app (API pods) and db (CloudNativePG instances, tainted by the operator's affinity)."
}

variable "tags" {
  type    = map(string)
  default = {}
}
