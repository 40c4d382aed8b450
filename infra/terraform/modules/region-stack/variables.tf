variable "region" {
  type        = string
  description = "The AWS region this stack runs in; names the VPC, cluster, bucket and secret."
}

variable "cidr" {
  type        = string
  description = "The region's VPC range; must not overlap another region's (they are peered)."
}

variable "azs" {
  type        = list(string)
  description = "Three availability zones of the region."
}

variable "app_nodes" {
  type = object({
    min_size = number
    max_size = number
  })
  description = "Size of the app node group (API pods), sized to the region's traffic."
}

variable "catalog_primary_region" {
  type        = string
  description = "Where the catalog primary runs; any other region peers its VPC with that region's."
}

variable "state_bucket" {
  type        = string
  default     = "bookedbarber-terraform-state"
  description = "Bucket of the Terraform state (bootstrap/), read for the catalog primary's VPC."
}

variable "public_zone_id" {
  type        = string
  description = "Route 53 zone of bookedbarber.com."
}

variable "ingress_lb_dns_name" {
  type        = string
  description = "The region's Istio ingress load balancer (after the first deploy of deploy/overlays/<region>)."
}

variable "ingress_lb_zone_id" {
  type = string
}

variable "ci_runner_cidrs" {
  type        = list(string)
  default     = []
  description = "Ranges of the release pipeline's runners, allowed to reach the cluster API."
}

variable "tags" {
  type    = map(string)
  default = {}
}
