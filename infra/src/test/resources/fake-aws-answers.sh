#!/usr/bin/env bash
# A stand-in for the AWS CLI: the answers of a deployment whose database runs 1 of 2 tasks and whose api
# target group has an unhealthy target. The load balancer URL points at a closed loopback port.
args="$*"
case "$args" in
  *"describe-stacks"*LoadBalancerUrl*) echo "http://127.0.0.1:9" ;;
  *"describe-stacks"*ClusterName*) echo "EcsDnsDiscovery-Cluster-abc" ;;
  *"describe-stacks"*NamespaceId*) echo "ns-abc123" ;;
  *"describe-stacks"*WebTargetGroupArn*) echo "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/1" ;;
  *"describe-stacks"*ApiTargetGroupArn*) echo "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/2" ;;
  *"list-namespaces"*) echo "ns-abc123" ;;
  *"list-services --filters"*) printf 'web\tapi\tdatabase\n' ;;
  *"discover-instances"*"service-name database"*) printf '10.0.2.10\n' ;;
  *"discover-instances"*) printf '10.0.2.11\t10.0.3.12\n' ;;
  *"ecs list-services"*) printf 'arn:1\tarn:2\tarn:3\n' ;;
  *"ecs describe-services"*) printf 'EcsDnsDiscovery-WebService-1\t2\t2\nEcsDnsDiscovery-ApiService-2\t2\t2\nEcsDnsDiscovery-DatabaseService-3\t1\t2\n' ;;
  *"targetgroup/web"*) printf 'healthy\thealthy\n' ;;
  *"targetgroup/api"*) printf 'healthy\tunhealthy\n' ;;
  *) echo "unexpected: $args" >&2; exit 1 ;;
esac
