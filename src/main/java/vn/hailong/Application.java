package vn.hailong;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import vn.hailong.tally.RollupCommand;

// servers: "/" is relative to where the description is served (OpenAPI 3.0 §4.7.5), so the
// reference's "Try it out" calls the server that serves it, whatever its public address.
@OpenAPIDefinition(info = @Info(
        title = "Hailong",
        version = "v1",
        description = "Citizen-satisfaction (SIPAS) surveys: submit responses, read satisfaction figures. "
                + "JSON is camelCase; every error is application/problem+json (RFC 9457) naming the field and why."),
        servers = @Server(url = "/", description = "This Hailong server"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "A token from POST /api/v1/login (staff, 8 hours), an integration key (hi_…) or a kiosk "
                + "token (hk_…), sent as `Authorization: Bearer <token>`.")
public class Application {
    public static void main(String[] args) {
        if (RollupCommand.handles(args)) {
            System.exit(RollupCommand.run(args));
        }
        Micronaut.build(args).banner(false).start();
    }
}
