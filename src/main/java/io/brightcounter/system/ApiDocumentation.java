package io.brightcounter.system;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document served at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}).
 * Written out rather than scanned from the controllers: the create body is read as raw bytes, so
 * nothing in the handler signatures describes it, and every error needs the contract's exact
 * message as its example, taken here from {@link ApiError} itself.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    private static final String JSON = "application/json";

    private static final String ENVELOPE = "#/components/schemas/ErrorEnvelope";

    @Bean
    OpenAPI brightCounterOpenApi() {
        return new OpenAPI().info(new Info().title("Bright Counter")
            .version("1")
            .description("Counts device readings: the latest timestamp and the cumulative count per device. "
                    + "Every non-2xx response carries the error envelope. A browser's cross-origin request from an "
                    + "origin not in bright-counter.cors.allowed-origins gets 403 before anything else is checked."))
            .components(new Components().schemas(schemas())
                .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description("Only when the service is configured with API keys")))
            .paths(new Paths().addPathItem("/api/ping", new PathItem().get(ping()))
                .addPathItem("/api/device-readings/create", new PathItem().post(create()))
                .addPathItem("/api/device-readings/{device_id}/latest-timestamp",
                        new PathItem().get(read("Latest reading's timestamp, in the offset it was sent with",
                                "LatestTimestamp", Map.of("timestamp", "2021-09-29T16:09:15+0100"))))
                .addPathItem("/api/device-readings/{device_id}/cumulative-count",
                        new PathItem().get(read("Sum of the counts of all stored readings", "CumulativeCount",
                                Map.of("cumulative_count", 23)))));
    }

    private static Operation ping() {
        return new Operation().summary("Uptime check").operationId("ping")
            .responses(new ApiResponses().addApiResponse("200", ok("Up", "Status", Map.of("status", "ok")))
                .addApiResponse("403", errors(ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("405", errors(ApiError.METHOD_NOT_ALLOWED))
                .addApiResponse("500", errors(ApiError.INTERNAL)));
    }

    private static Operation create() {
        return new Operation().summary("Store a batch of readings for one device").operationId("createReadings")
            .description("Parsed as JSON whatever the Content-Type. Checks run in the order of the 400 examples; "
                    + "the first failure is the answer and nothing of the batch is stored. Readings at an instant "
                    + "already stored for the device (or earlier in the batch) are ignored.")
            .addSecurityItem(new SecurityRequirement().addList("apiKey"))
            .requestBody(new RequestBody().required(true)
                .content(new Content().addMediaType(JSON, new MediaType().schema(ref("CreateRequest"))
                    .example(Map.of("id", "063c5957-8905-45f9-bfe3-960713788919", "readings",
                            List.of(Map.of("count", 9, "timestamp", "2021-09-29T16:09:15+01:00")))))))
            .responses(new ApiResponses().addApiResponse("201", ok("Stored", "Status", Map.of("status", "ok")))
                .addApiResponse("400", errors(ApiError.INVALID_JSON, ApiError.NOT_AN_OBJECT, ApiError.ID_REQUIRED,
                        ApiError.READINGS_REQUIRED, ApiError.INVALID_DEVICE_ID, ApiError.READINGS_NOT_ARRAY,
                        ApiError.INVALID_COUNT, ApiError.INVALID_TIMESTAMP, ApiError.COUNT_OVERFLOW))
                .addApiResponse("401", errors(ApiError.UNAUTHORIZED))
                .addApiResponse("403", errors(ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("405", errors(ApiError.METHOD_NOT_ALLOWED))
                .addApiResponse("413", errors(ApiError.BODY_TOO_LARGE))
                .addApiResponse("500", errors(ApiError.INTERNAL))
                .addApiResponse("507", errors(ApiError.STORAGE_FULL)));
    }

    private static Operation read(String summary, String schema, Map<String, Object> example) {
        return new Operation().summary(summary)
            .operationId(schema.substring(0, 1).toLowerCase(Locale.ROOT) + schema.substring(1))
            .addSecurityItem(new SecurityRequirement().addList("apiKey"))
            .addParametersItem(new Parameter().in("path").name("device_id").required(true)
                .description("Version-4 UUID, canonical form, hex digits in either case")
                .schema(deviceId()))
            .responses(new ApiResponses().addApiResponse("200", ok("The device's figure", schema, example))
                .addApiResponse("400", errors(ApiError.INVALID_DEVICE_ID))
                .addApiResponse("401", errors(ApiError.UNAUTHORIZED))
                .addApiResponse("403", errors(ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("404", errors(ApiError.DEVICE_NOT_FOUND))
                .addApiResponse("405", errors(ApiError.METHOD_NOT_ALLOWED))
                .addApiResponse("500", errors(ApiError.INTERNAL)));
    }

    private static ApiResponse ok(String description, String schema, Map<String, Object> example) {
        return new ApiResponse().description(description)
            .content(new Content().addMediaType(JSON, new MediaType().schema(ref(schema)).example(example)));
    }

    /** A response with the envelope and one example per contract message. */
    private static ApiResponse errors(ApiError... errors) {
        MediaType media = new MediaType().schema(new Schema<>().$ref(ENVELOPE));
        Set<ApiError> all = EnumSet.noneOf(ApiError.class);
        all.addAll(List.of(errors));
        for (ApiError error : all) {
            ErrorBody body = ErrorBody.of(error);
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("status", body.status());
            value.put("error_message", body.errorMessage());
            value.put("status_code", body.statusCode());
            media.addExamples(error.reason(), new Example().value(value));
        }
        return new ApiResponse().description(errors[0].status().getReasonPhrase())
            .content(new Content().addMediaType(JSON, media));
    }

    @SuppressWarnings("rawtypes")
    private static Map<String, Schema> schemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put("ErrorEnvelope", new ObjectSchema().addProperty("status", new StringSchema()._enum(List.of("error")))
            .addProperty("error_message", new StringSchema())
            .addProperty("status_code", new IntegerSchema().description("The HTTP status"))
            .required(List.of("status", "error_message", "status_code")));
        schemas.put("Status", new ObjectSchema().addProperty("status", new StringSchema()._enum(List.of("ok"))));
        schemas.put("Reading", new ObjectSchema()
            .addProperty("count", new IntegerSchema().format("int64").minimum(java.math.BigDecimal.ONE)
                .description("A JSON integer literal from 1 to 9223372036854775807"))
            .addProperty("timestamp", new StringSchema().pattern(
                    "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}([Zz]|[+-]\\d{2}:?\\d{2})$")
                .description("RFC 3339 without fractions; offset Z, ±HH:MM or ±HHMM, at most 18:00"))
            .required(List.of("count", "timestamp")));
        schemas.put("CreateRequest", new ObjectSchema().addProperty("id", deviceId())
            .addProperty("readings", new ArraySchema().items(ref("Reading")).minItems(1))
            .required(List.of("id", "readings")));
        schemas.put("LatestTimestamp", new ObjectSchema().addProperty("timestamp",
                new StringSchema().description("YYYY-MM-DDTHH:MM:SS±HHMM")));
        schemas.put("CumulativeCount", new ObjectSchema().addProperty("cumulative_count",
                new IntegerSchema().format("int64")));
        return schemas;
    }

    private static Schema<String> deviceId() {
        return new StringSchema().format("uuid").pattern(
                "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");
    }

    private static Schema<?> ref(String schema) {
        return new Schema<>().$ref("#/components/schemas/" + schema);
    }

}
