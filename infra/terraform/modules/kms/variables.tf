variable "name" {
  type = string
}

variable "purposes" {
  type        = list(string)
  description = "One key each, e.g. eks, backups, redis, secrets, logs."
}

variable "tags" {
  type    = map(string)
  default = {}
}
