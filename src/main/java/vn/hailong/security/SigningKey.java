package vn.hailong.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;

/**
 * The HS256 key Micronaut Security signs and verifies login tokens with, made from
 * {@link SigningSecret} instead of from configuration. Named "generator", the name the token
 * generator asks for. A class of its own rather than a factory returning {@link SecretSignature}:
 * a factory's bean takes the annotations of the type it returns, and that type's
 * {@code @EachBean(SecretSignatureConfiguration)} made the factory produce no bean at all (there is
 * no such configuration), which left tokens unsigned.
 */
@Singleton
@Named(SigningKey.NAME)
final class SigningKey implements SignatureGeneratorConfiguration {

    static final String NAME = "generator";

    private final SecretSignature signature;

    SigningKey(SigningSecret secret) {
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration(NAME);
        configuration.setSecret(new String(secret.bytes(), StandardCharsets.UTF_8));
        this.signature = new SecretSignature(configuration);
    }

    @Override
    public SignedJWT sign(JWTClaimsSet claims) throws JOSEException {
        return signature.sign(claims);
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return signature.supportedAlgorithmsMessage();
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return signature.supports(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        return signature.verify(jwt);
    }
}
