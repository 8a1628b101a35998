package vn.hailong;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import vn.hailong.tally.RollupCommand;

@OpenAPIDefinition(info = @Info(
        title = "Hailong",
        version = "v1",
        description = "Citizen-satisfaction (SIPAS) surveys: submit responses, read satisfaction figures."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class Application {
    public static void main(String[] args) {
        if (RollupCommand.handles(args)) {
            System.exit(RollupCommand.run(args));
        }
        Micronaut.build(args).banner(false).start();
    }
}
