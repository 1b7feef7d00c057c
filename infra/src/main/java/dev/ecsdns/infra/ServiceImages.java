package dev.ecsdns.infra;

import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.Construct;

/**
 * Where the services' images come from: by default the account's ECR repositories named after the services
 * ({@code web}, {@code api}, {@code database}), which {@code deploy.sh} creates and pushes to before the stack
 * exists; or another registry ({@code registry/web:tag}), public or reachable without credentials.
 *
 * @param registry null for the account's ECR, else a registry and path prefix such as {@code ghcr.io/acme}
 * @param tag the image tag every service runs, e.g. the git revision
 */
record ServiceImages(String registry, String tag) {

    ContainerImage forService(Construct scope, String name) {
        if (registry == null) {
            // The repositories outlive the stack: looked up by name, never created or deleted by it.
            return ContainerImage.fromEcrRepository(
                    Repository.fromRepositoryName(scope, name + "-repository", name), tag);
        }
        return ContainerImage.fromRegistry(registry + "/" + name + ":" + tag);
    }
}
