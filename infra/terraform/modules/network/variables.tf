variable "name" {
  type        = string
  description = "Name prefix, e.g. bookedbarber-us-east-1."
}

variable "cidr" {
  type        = string
  description = "The VPC's range; the four regions' ranges must not overlap (they are peered)."
}

variable "azs" {
  type        = list(string)
  description = "Three availability zones."
}

variable "tags" {
  type    = map(string)
  default = {}
}
