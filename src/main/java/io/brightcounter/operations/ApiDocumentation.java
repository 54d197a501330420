package io.brightcounter.operations;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.brightcounter.web.ApiError;
import io.brightcounter.web.ErrorBody;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document served at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html}). Written out rather than scanned from the controllers: the
 * create body is read as raw bytes, so nothing in the handler signatures describes it,
 * and every error needs the contract's exact message as its example, taken here from
 * {@link ApiError} itself. Every status the contract names for an operation is listed,
 * with the headers it carries; {@code docs/openapi.json} is this document as served, and
 * the contract tests check real responses against it.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    private static final String JSON = "application/json";

    private static final String ENVELOPE = "#/components/schemas/ErrorEnvelope";

    private static final List<String> SUMMARY_KEYS = List.of("device_id", "latest_timestamp", "earliest_timestamp",
            "cumulative_count", "readings");

    private static final String HEADERS = "#/components/headers/";

    @Bean
    OpenAPI brightCounterOpenApi() {
        OpenAPI document = new OpenAPI().info(new Info().title("Bright Counter")
            .version("1")
            .description("Counts device readings: the latest timestamp and the cumulative count per device, and "
                    + "summaries of one or many devices. "
                    + "Every non-2xx response carries the error envelope. A browser's cross-origin request from an "
                    + "origin not in bright-counter.cors.allowed-origins gets 403 before anything else is checked."))
            .components(new Components().schemas(ApiComponents.schemas())
                .headers(ApiComponents.headers())
                .addSecuritySchemes("apiKey",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description("Only when the service is configured with API keys")))
            // Relative: the document is right wherever the service is reached, and it
            // does not
            // change with the port, so the committed copy can be compared with the served
            // one.
            .servers(List.of(new Server().url("/")))
            .paths(new Paths().addPathItem("/api/ping", new PathItem().get(ping()))
                .addPathItem("/api/device-readings/create", new PathItem().post(create()))
                .addPathItem("/api/device-readings/{device_id}/latest-timestamp",
                        new PathItem().get(read("Latest reading's timestamp, in the offset it was sent with",
                                "LatestTimestamp", Map.of("timestamp", "2021-09-29T16:09:15+0100"))))
                .addPathItem("/api/device-readings/{device_id}/cumulative-count",
                        new PathItem().get(read("Sum of the counts of all stored readings", "CumulativeCount",
                                Map.of("cumulative_count", 23))))
                .addPathItem("/api/devices/{device_id}", new PathItem().get(deviceSummary()).delete(deleteDevice()))
                .addPathItem("/api/devices/{device_id}/readings", new PathItem().get(history()))
                .addPathItem("/api/devices/{device_id}/series", new PathItem().get(series()))
                .addPathItem("/api/devices", new PathItem().get(deviceLookup())));
        // Every response, errors included, carries the request id and the two safety
        // headers.
        document.getPaths()
            .values()
            .forEach((path) -> path.readOperations()
                .forEach((operation) -> operation.getResponses()
                    .values()
                    .forEach((response) -> response.addHeaderObject("X-Request-Id", header("X-Request-Id"))
                        .addHeaderObject("X-Content-Type-Options", header("X-Content-Type-Options"))
                        .addHeaderObject("Cache-Control", header("Cache-Control")))));
        return document;
    }

    private static Operation ping() {
        return new Operation().summary("Uptime check")
            .operationId("ping")
            .responses(new ApiResponses().addApiResponse("200", ok("Up", "Status", Map.of("status", "ok")))
                .addApiResponse("403", errors(ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("405", methodNotAllowed())
                .addApiResponse("500", errors(ApiError.INTERNAL))
                .addApiResponse("503", serviceUnavailable(ApiError.OVERLOADED)));
    }

    private static Operation create() {
        return new Operation().summary("Store a batch of readings for one device")
            .operationId("createReadings")
            .description("Parsed as JSON whatever the Content-Type. Checks run in the order of the 400 examples; "
                    + "the first failure is the answer and nothing of the batch is stored. Readings at an instant "
                    + "already stored for the device (or earlier in the batch) are ignored.")
            .addSecurityItem(new SecurityRequirement().addList("apiKey"))
            .requestBody(new RequestBody().required(true)
                .content(new Content().addMediaType(JSON,
                        new MediaType().schema(ApiComponents.ref("CreateRequest"))
                            .example(Map.of("id", "063c5957-8905-45f9-bfe3-960713788919", "readings",
                                    List.of(Map.of("count", 9, "timestamp", "2021-09-29T16:09:15+01:00")))))))
            .responses(new ApiResponses()
                .addApiResponse("201",
                        ok("Stored; the headers say how many readings were new and how many duplicates", "Status",
                                Map.of("status", "ok"))
                            .addHeaderObject("Readings-Stored", header("Readings-Stored"))
                            .addHeaderObject("Readings-Duplicate", header("Readings-Duplicate"))
                            .addHeaderObject("Readings-Conflicting", header("Readings-Conflicting")))
                .addApiResponse("400",
                        errors(ApiError.INVALID_JSON, ApiError.NOT_AN_OBJECT, ApiError.ID_REQUIRED,
                                ApiError.READINGS_REQUIRED, ApiError.INVALID_DEVICE_ID, ApiError.READINGS_NOT_ARRAY,
                                ApiError.INVALID_COUNT, ApiError.INVALID_TIMESTAMP, ApiError.COUNT_OVERFLOW))
                .addApiResponse("401", unauthorized())
                .addApiResponse("403", errors(ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("405", methodNotAllowed())
                .addApiResponse("408", errors(ApiError.REQUEST_TIMEOUT))
                .addApiResponse("413", errors(ApiError.BODY_TOO_LARGE))
                .addApiResponse("500", errors(ApiError.INTERNAL))
                .addApiResponse("503",
                        serviceUnavailable(ApiError.OVERLOADED, ApiError.STORE_UNAVAILABLE,
                                ApiError.SERVICE_UNAVAILABLE))
                .addApiResponse("507", errors(ApiError.STORAGE_FULL)));
    }

    private static Operation read(String summary, String schema, Map<String, Object> example) {
        return new Operation().summary(summary)
            .operationId(schema.substring(0, 1).toLowerCase(Locale.ROOT) + schema.substring(1))
            .addSecurityItem(new SecurityRequirement().addList("apiKey"))
            .addParametersItem(new Parameter().in("path")
                .name("device_id")
                .required(true)
                .description("Version-4 UUID, canonical form, hex digits in either case")
                .schema(ApiComponents.deviceId()))
            .responses(new ApiResponses().addApiResponse("200", ok("The device's figure", schema, example))
                .addApiResponse("400", errors(ApiError.INVALID_DEVICE_ID))
                .addApiResponse("401", unauthorized())
                .addApiResponse("403", errors(ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("404", errors(ApiError.DEVICE_NOT_FOUND))
                .addApiResponse("405", methodNotAllowed())
                .addApiResponse("500", errors(ApiError.INTERNAL))
                .addApiResponse("503", serviceUnavailable(ApiError.OVERLOADED, ApiError.STORE_UNAVAILABLE)));
    }

    private static ApiResponse unauthorized() {
        return errors(ApiError.UNAUTHORIZED).addHeaderObject("WWW-Authenticate", header("WWW-Authenticate"));
    }

    private static ApiResponse methodNotAllowed() {
        return errors(ApiError.METHOD_NOT_ALLOWED).addHeaderObject("Allow", header("Allow"));
    }

    private static ApiResponse serviceUnavailable(ApiError... reasons) {
        return errors(reasons)
            .description("The journal cannot be written, the database is unreachable, or the server is shedding "
                    + "load; nothing of a batch is stored. Retry after the given seconds.")
            .addHeaderObject("Retry-After", header("Retry-After"));
    }

    private static Header header(String name) {
        return new Header().$ref(HEADERS + name);
    }

    private static Operation deviceSummary() {
        return new Operation().summary("Every top-level figure of one device")
            .operationId("deviceSummary")
            .description("All figures come from one state of the device: never part of a batch. Keys always come "
                    + "in the order shown. The id is checked first, then fields, then the device is looked up.")
            .addSecurityItem(new SecurityRequirement().addList("apiKey"))
            .addParametersItem(new Parameter().in("path")
                .name("device_id")
                .required(true)
                .description("Version-4 UUID, canonical form, hex digits in either case")
                .schema(ApiComponents.deviceId()))
            .addParametersItem(fieldsParameter())
            .responses(new ApiResponses()
                .addApiResponse("200",
                        new ApiResponse().description("The device's summary")
                            .content(new Content().addMediaType(JSON,
                                    new MediaType().schema(ApiComponents.ref("DeviceSummary"))
                                        .addExamples("all", new Example().value(summaryExample(true)))
                                        .addExamples("fields",
                                                new Example().summary("?fields=latest_timestamp,cumulative_count")
                                                    .value(summaryExample(false))))))
                .addApiResponse("400", errors(ApiError.INVALID_DEVICE_ID, ApiError.INVALID_FIELDS))
                .addApiResponse("401", unauthorized())
                .addApiResponse("403", errors(ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("404", errors(ApiError.DEVICE_NOT_FOUND))
                .addApiResponse("405", methodNotAllowed())
                .addApiResponse("500", errors(ApiError.INTERNAL))
                .addApiResponse("503", serviceUnavailable(ApiError.OVERLOADED, ApiError.STORE_UNAVAILABLE)));
    }

    private static Parameter devicePath() {
        return new Parameter().in("path")
            .name("device_id")
            .required(true)
            .description("Version-4 UUID, canonical form, hex digits in either case")
            .schema(ApiComponents.deviceId());
    }

    private static Parameter timestampQuery(String name, boolean required, String description) {
        return new Parameter().in("query")
            .name(name)
            .required(required)
            .description(description + " Create grammar; percent-encode +, or a space where the offset's sign "
                    + "belongs is read as +.")
            .schema(new StringSchema());
    }

    private static Operation history() {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("device_id", "063c5957-8905-45f9-bfe3-960713788919");
        page.put("readings", List.of(ordered("timestamp", "2021-09-29T16:08:15+0100", "count", 14),
                ordered("timestamp", "2021-09-29T16:09:15+0100", "count", 9)));
        page.put("next", null);
        return new Operation().summary("A device's readings, page by page")
            .operationId("deviceReadings")
            .description("Ascending by instant, each in the offset and with the count it was stored with "
                    + "(null for a reading restored from a snapshot that kept no counts). One state of the "
                    + "device: never part of a batch. Checks, in order: id, from, to, to after from, limit; then "
                    + "404 for a device with no readings at all.")
            .addSecurityItem(new SecurityRequirement().addList("apiKey"))
            .addParametersItem(devicePath())
            .addParametersItem(timestampQuery("from", false, "First instant included."))
            .addParametersItem(timestampQuery("to", false, "First instant excluded."))
            .addParametersItem(new Parameter().in("query")
                .name("limit")
                .required(false)
                .description("Readings per page, 1 to 10000, default 1000")
                .schema(new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(10_000))))
            .responses(new ApiResponses()
                .addApiResponse("200",
                        ok("A page; next is the first reading not returned (pass it as from), or null",
                                "ReadingHistory", page))
                .addApiResponse("400",
                        errors(ApiError.INVALID_DEVICE_ID, ApiError.INVALID_FROM, ApiError.INVALID_TO,
                                ApiError.EMPTY_RANGE, ApiError.INVALID_LIMIT))
                .addApiResponse("401", unauthorized())
                .addApiResponse("403", errors(ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("404", errors(ApiError.DEVICE_NOT_FOUND))
                .addApiResponse("405", methodNotAllowed())
                .addApiResponse("500", errors(ApiError.INTERNAL))
                .addApiResponse("503", serviceUnavailable(ApiError.OVERLOADED, ApiError.STORE_UNAVAILABLE)));
    }

    private static Operation series() {
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("device_id", "063c5957-8905-45f9-bfe3-960713788919");
        series.put("step_seconds", 3600);
        series.put("buckets",
                List.of(ordered("start", "2021-09-29T16:00:00+0100", "cumulative_count", 23, "readings", 2),
                        ordered("start", "2021-09-29T17:00:00+0100", "cumulative_count", 0, "readings", 0)));
        return new Operation().summary("A device's readings in buckets, for charts")
            .operationId("deviceSeries")
            .description("Bucket k covers [from + k*step, from + (k+1)*step), cut at to; every bucket is listed, "
                    + "empty ones included, its start in the offset of from. One state of the device. Checks, in "
                    + "order: id; from, to, step given; from, to valid; step valid; to after from; at most 10000 "
                    + "buckets; then 404 for a device with no readings at all.")
            .addSecurityItem(new SecurityRequirement().addList("apiKey"))
            .addParametersItem(devicePath())
            .addParametersItem(timestampQuery("from", true, "Start of the first bucket."))
            .addParametersItem(timestampQuery("to", true, "End of the range, excluded."))
            .addParametersItem(new Parameter().in("query")
                .name("step")
                .required(true)
                .description("ISO-8601 duration of whole days, hours, minutes or seconds (PT30S, PT5M, PT1H, P1D), "
                        + "at least one second")
                .schema(new StringSchema()))
            .responses(new ApiResponses().addApiResponse("200", ok("Every bucket of the range", "Series", series))
                .addApiResponse("400",
                        errors(ApiError.INVALID_DEVICE_ID, ApiError.FROM_REQUIRED, ApiError.TO_REQUIRED,
                                ApiError.STEP_REQUIRED, ApiError.INVALID_FROM, ApiError.INVALID_TO,
                                ApiError.INVALID_STEP, ApiError.EMPTY_RANGE, ApiError.TOO_MANY_BUCKETS))
                .addApiResponse("401", unauthorized())
                .addApiResponse("403", errors(ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("404", errors(ApiError.DEVICE_NOT_FOUND))
                .addApiResponse("405", methodNotAllowed())
                .addApiResponse("500", errors(ApiError.INTERNAL))
                .addApiResponse("503", serviceUnavailable(ApiError.OVERLOADED, ApiError.STORE_UNAVAILABLE)));
    }

    private static Operation deleteDevice() {
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("status", "ok");
        deleted.put("deleted_readings", 2);
        return new Operation().summary("Delete a device and all its readings")
            .operationId("deleteDevice")
            .description("As if the device had never been seen; as durable as a create and linearizable with "
                    + "creates of the device. Needs a key from bright-counter.admin-api-keys: 403 when none is "
                    + "configured, 401 without one of them; then the id is checked.")
            .addSecurityItem(new SecurityRequirement().addList("apiKey"))
            .addParametersItem(devicePath())
            .responses(new ApiResponses().addApiResponse("200", ok("Deleted", "Deleted", deleted))
                .addApiResponse("400", errors(ApiError.INVALID_DEVICE_ID))
                .addApiResponse("401", unauthorized())
                .addApiResponse("403", errors(ApiError.DELETION_DISABLED, ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("404", errors(ApiError.DEVICE_NOT_FOUND))
                .addApiResponse("405", methodNotAllowed())
                .addApiResponse("500", errors(ApiError.INTERNAL))
                .addApiResponse("503", serviceUnavailable(ApiError.OVERLOADED, ApiError.STORE_UNAVAILABLE,
                        ApiError.SERVICE_UNAVAILABLE)));
    }

    /** An example object whose keys keep the given order, as the service writes them. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    private static Operation deviceLookup() {
        Map<String, Object> lookup = new LinkedHashMap<>();
        lookup.put("devices", List.of(summaryExample(true)));
        lookup.put("not_found", List.of("1f0e6a41-6c5e-4c4f-9a87-3c1d2b7e8f90"));
        return new Operation().summary("Summaries of up to 1000 devices")
            .operationId("deviceLookup")
            .description("Each device once (ids compared case-insensitively), in order of first mention, ids in "
                    + "lowercase; devices without readings are listed in not_found. Checks, in order: some id given, "
                    + "every id valid, at most 1000 distinct devices, then fields. device_id is in every summary "
                    + "whatever fields says.")
            .addSecurityItem(new SecurityRequirement().addList("apiKey"))
            .addParametersItem(new Parameter().in("query")
                .name("id")
                .required(true)
                .description("Device ids: repeat the parameter, separate them with commas, or both")
                .style(Parameter.StyleEnum.FORM)
                .explode(true)
                .schema(new ArraySchema().items(ApiComponents.deviceId()).minItems(1)))
            .addParametersItem(fieldsParameter())
            .responses(new ApiResponses()
                .addApiResponse("200", ok("Summaries and the ids without readings", "DeviceLookup", lookup))
                .addApiResponse("400",
                        errors(ApiError.DEVICE_IDS_REQUIRED, ApiError.INVALID_DEVICE_ID, ApiError.TOO_MANY_DEVICE_IDS,
                                ApiError.INVALID_FIELDS))
                .addApiResponse("401", unauthorized())
                .addApiResponse("403", errors(ApiError.ORIGIN_NOT_ALLOWED))
                .addApiResponse("405", methodNotAllowed())
                .addApiResponse("500", errors(ApiError.INTERNAL))
                .addApiResponse("503", serviceUnavailable(ApiError.OVERLOADED, ApiError.STORE_UNAVAILABLE)));
    }

    private static Parameter fieldsParameter() {
        return new Parameter().in("query")
            .name("fields")
            .required(false)
            .description("Only these keys (comma-separated, any order, repeats allowed; keys still come in the "
                    + "summary's order). Without it, every key. An empty or unknown name is refused.")
            .style(Parameter.StyleEnum.FORM)
            .explode(false)
            .schema(new ArraySchema().items(new StringSchema()._enum(SUMMARY_KEYS)).minItems(1));
    }

    private static Map<String, Object> summaryExample(boolean all) {
        Map<String, Object> summary = new LinkedHashMap<>();
        if (all) {
            summary.put("device_id", "063c5957-8905-45f9-bfe3-960713788919");
        }
        summary.put("latest_timestamp", "2021-09-29T16:09:15+0100");
        if (all) {
            summary.put("earliest_timestamp", "2021-09-29T16:08:15+0100");
        }
        summary.put("cumulative_count", 23);
        if (all) {
            summary.put("readings", 2);
        }
        return summary;
    }

    private static ApiResponse ok(String description, String schema, Map<String, Object> example) {
        return new ApiResponse().description(description)
            .content(new Content().addMediaType(JSON,
                    new MediaType().schema(ApiComponents.ref(schema)).example(example)));
    }

    /** A 503: the envelope, and when to try again. */
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

}
