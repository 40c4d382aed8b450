# The public name (book.bookedbarber.com) answers with the region of lowest
# latency whose health check passes: each region adds one latency record,
# health-checked on /ready through its ingress. An unhealthy region drops out
# of the answers and clients go to the next-nearest region. The region also
# gets a name of its own (<region>.book.bookedbarber.com) for operators.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}

resource "aws_route53_health_check" "ready" {
  fqdn              = "${var.region}.${var.domain}"
  port              = 443
  type              = "HTTPS"
  resource_path     = "/ready"
  request_interval  = 10
  failure_threshold = 3
  tags              = merge(var.tags, { Name = "${var.region}.${var.domain}" })
}

resource "aws_route53_record" "global" {
  zone_id         = var.zone_id
  name            = var.domain
  type            = "A"
  set_identifier  = var.region
  health_check_id = aws_route53_health_check.ready.id

  latency_routing_policy {
    region = var.region
  }

  alias {
    name                   = var.ingress_lb_dns_name
    zone_id                = var.ingress_lb_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "regional" {
  zone_id = var.zone_id
  name    = "${var.region}.${var.domain}"
  type    = "A"

  alias {
    name                   = var.ingress_lb_dns_name
    zone_id                = var.ingress_lb_zone_id
    evaluate_target_health = true
  }
}
