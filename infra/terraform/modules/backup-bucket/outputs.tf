output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}

output "writer_policy_json" {
  value = data.aws_iam_policy_document.writer.json
}
