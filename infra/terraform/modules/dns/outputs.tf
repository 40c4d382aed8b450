output "health_check_id" {
  value = aws_route53_health_check.ready.id
}
