package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * With {@code -c domainName=... -c hostedZoneId=... -c certificateArn=...}: HTTPS on 443 for the name, with a modern
 * TLS policy, an alias record to the ALB, port 80 redirecting to it.
 */
class HttpsTest {

    private final Stacks.Synthesized stack = Stacks.https();

    @Test
    void servesHttpsOn443WithTheCertificateAndTls13Policy() {
        assertThat(Cfn.properties(stack, "LoadBalancer/LoadBalancer/Https"))
                .containsEntry("Port", 443)
                .containsEntry("Protocol", "HTTPS")
                .containsEntry("Certificates", List.of(Map.of("CertificateArn", Stacks.CERTIFICATE_ARN)))
                .containsEntry("SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
    }

    @Test
    void sendsEverythingOnHttpsToWebByDefault() {
        assertThat(Cfn.properties(stack, "LoadBalancer/LoadBalancer/Https")).containsEntry("DefaultActions",
                List.of(Map.of("Type", "forward", "TargetGroupArn",
                        Map.of("Ref", Cfn.logicalId(stack.stack(), "LoadBalancer/WebTargetGroup")))));
    }

    @Test
    void routesApiPathsOnTheHttpsListener() {
        stack.template().hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Map.of(
                "ListenerArn", Map.of("Ref", Cfn.logicalId(stack.stack(), "LoadBalancer/LoadBalancer/Https")),
                "Priority", 100,
                "Conditions", List.of(Map.of("Field", "path-pattern",
                        "PathPatternConfig", Map.of("Values", List.of("/api/*"))))));
    }

    @Test
    void redirectsPort80PermanentlyToHttps() {
        assertThat(Cfn.properties(stack, "LoadBalancer/LoadBalancer/Http"))
                .containsEntry("Port", 80)
                .containsEntry("DefaultActions", List.of(Map.of("Type", "redirect", "RedirectConfig", Map.of(
                        "Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301"))));
    }

    @Test
    void opensExactly80And443ToTheInternet() {
        assertThat(SecurityGroupGraph.ingress(stack)).filteredOn(rule -> rule.startsWith("alb <-"))
                .containsExactlyInAnyOrder("alb <- 0.0.0.0/0 tcp 80", "alb <- 0.0.0.0/0 tcp 443");
    }

    @Test
    void printsTheUrlOfThePublicNameTheCertificateCovers() {
        stack.template().hasOutput("LoadBalancerUrl", Map.of("Value", "https://" + Stacks.DOMAIN_NAME));
    }

    @Test
    void pointsThePublicNameAtTheLoadBalancerWithAnAliasRecord() {
        stack.template().hasResourceProperties("AWS::Route53::RecordSet", Map.of(
                "Name", Stacks.DOMAIN_NAME + ".",
                "Type", "A",
                "HostedZoneId", Stacks.HOSTED_ZONE_ID,
                "AliasTarget", Match.objectLike(Map.of("DNSName", Match.objectLike(Map.of("Fn::Join",
                        Match.arrayWith(List.of(Match.arrayWith(List.of(Map.of("Fn::GetAtt", List.of(
                                Cfn.logicalId(stack.stack(), "LoadBalancer/LoadBalancer"), "DNSName"))))))))))));
    }

    @Test
    void requestsNoCertificateWhenOneIsGiven() {
        assertThat(stack.template().findResources("AWS::CertificateManager::Certificate")).isEmpty();
    }
}
