variable "bucket_name" {
  type        = string
  description = "bookedbarber-backups-<region>, as the ObjectStores in deploy/ name it."
}

variable "kms_key_arn" {
  type = string
}

variable "noncurrent_days" {
  type        = number
  default     = 35
  description = "Longer than the ObjectStores' retentionPolicy (30d), so Barman's own retention decides."
}

variable "tags" {
  type    = map(string)
  default = {}
}
