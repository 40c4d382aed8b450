variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "cidr" {
  type = string
}

variable "route_table_ids" {
  type = list(string)
}

variable "peer_region" {
  type = string
}

variable "peer_vpc_id" {
  type = string
}

variable "peer_cidr" {
  type = string
}

variable "peer_route_table_ids" {
  type = list(string)
}

variable "tags" {
  type    = map(string)
  default = {}
}
