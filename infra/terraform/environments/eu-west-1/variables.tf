variable "public_zone_id" {
  type        = string
  description = "Route 53 zone of bookedbarber.com."
}

variable "ingress_lb_dns_name" {
  type        = string
  description = "The region's Istio ingress load balancer (after the first deploy of deploy/overlays/eu-west-1)."
}

variable "ingress_lb_zone_id" {
  type = string
}

variable "ci_runner_cidrs" {
  type        = list(string)
  default     = []
  description = "Ranges of the release pipeline's runners, allowed to reach the cluster API."
}
