variable "name" {
  type = string
}

variable "oidc_provider_arn" {
  type = string
}

variable "oidc_issuer" {
  type = string
}

variable "service_accounts" {
  type        = list(string)
  description = "namespace:name patterns, e.g. bookedbarber-db:* for every CloudNativePG cluster's account."
}

variable "policy_json" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
