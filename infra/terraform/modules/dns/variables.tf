variable "region" {
  type = string
}

variable "domain" {
  type    = string
  default = "book.bookedbarber.com"
}

variable "zone_id" {
  type        = string
  description = "The public hosted zone of bookedbarber.com (created once, outside the regional environments)."
}

variable "ingress_lb_dns_name" {
  type        = string
  description = "The Istio ingress gateway's load balancer, known after the first deploy of the region (docs/DEPLOY.md)."
}

variable "ingress_lb_zone_id" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
