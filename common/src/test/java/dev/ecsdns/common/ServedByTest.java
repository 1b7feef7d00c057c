package dev.ecsdns.common;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServedByTest {

    @Test
    void findsEachServiceInAChainWhateverItsPlace() {
        HttpHeaders answer = headers("api=1f2e3d4c, database=5a6b7c8d");

        assertThat(ServedBy.instance(answer, "api")).contains("1f2e3d4c");
        assertThat(ServedBy.instance(answer, "database")).contains("5a6b7c8d");
        assertThat(ServedBy.instance(answer, "web")).isEmpty();
    }

    @Test
    void readsAChainSplitOverSeveralFieldLines() {
        HttpHeaders answer = HttpResponse.ok().header(ServedBy.HEADER, "api=1f2e3d4c")
            .header(ServedBy.HEADER, "database=5a6b7c8d").getHeaders();

        assertThat(ServedBy.instance(answer, "database")).contains("5a6b7c8d");
    }

    @Test
    void aNameThatOnlyStartsLikeTheServiceOrHasNoInstanceIsNotIt() {
        assertThat(ServedBy.instance(headers("apigateway=99999999, api="), "api")).isEmpty();
        assertThat(ServedBy.instance(HttpResponse.ok().getHeaders(), "api")).isEmpty();
    }

    private static HttpHeaders headers(String servedBy) {
        return HttpResponse.ok().header(ServedBy.HEADER, servedBy).getHeaders();
    }
}
