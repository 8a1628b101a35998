package vn.hailong.web;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicLinksTest {

    @Test
    void configuredAddressWinsOverTheRequestHost() {
        PublicLinks links = new PublicLinks("https://hailong.example.gov.vn/");

        assertThat(links.questionnaire(HttpRequest.GET("/qr/HN/sipas-2017"), "HN", "sipas-2017", null))
                .isEqualTo("https://hailong.example.gov.vn/s/HN/sipas-2017");
    }

    @Test
    void addressUnderAPathPrefixKeepsIt() {
        PublicLinks links = new PublicLinks("https://portal.example.gov.vn/hailong");

        assertThat(links.questionnaire(HttpRequest.GET("/"), "HN", "sipas-2017", "A 1"))
                .isEqualTo("https://portal.example.gov.vn/hailong/s/HN/sipas-2017?d=A%201");
    }

    @Test
    void withoutConfigurationTheRequestHostIsUsed() {
        PublicLinks links = new PublicLinks("  ");

        assertThat(links.questionnaire(HttpRequest.GET("/").header("Host", "10.0.0.5:8080"), "HN-01", "sipas-2017", "H01/23&x"))
                .isEqualTo("http://10.0.0.5:8080/s/HN-01/sipas-2017?d=H01%2F23%26x");
    }

    @Test
    void addressWithoutSchemeStopsTheStart() {
        assertThatThrownBy(() -> new PublicLinks("hailong.example.gov.vn"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("HAILONG_PUBLIC_URL");
        assertThatThrownBy(() -> new PublicLinks("ftp://hailong.example.gov.vn"))
                .isInstanceOf(ConfigurationException.class);
    }
}
