package io.brightcounter.operations;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * The OpenAPI document's shared components: the response headers and the body schemas,
 * each described once and referred to by name from {@link ApiDocumentation}'s operations.
 */
final class ApiComponents {

    private ApiComponents() {
    }

    /** The response headers, described once. */
    static Map<String, Header> headers() {
        Map<String, Header> headers = new LinkedHashMap<>();
        headers.put("X-Request-Id", new Header().required(true)
            .description("The client's X-Request-Id when it is 1 to 64 of [A-Za-z0-9._:-], a new UUID otherwise; "
                    + "in every log line of the request")
            .schema(new StringSchema().pattern("^[A-Za-z0-9._:-]{1,64}$")));
        headers.put("Allow",
                new Header().required(true).description("The methods the path supports").schema(new StringSchema()));
        headers.put("WWW-Authenticate",
                new Header().required(true)
                    .description("The scheme to authenticate with")
                    .schema(new StringSchema()._enum(List.of("Bearer"))));
        headers.put("Retry-After",
                new Header().required(true)
                    .description("Seconds to wait before retrying")
                    .schema(new IntegerSchema().minimum(BigDecimal.ZERO)));
        headers.put("Readings-Stored",
                new Header().required(true)
                    .description("Readings of the batch that were new and are now counted")
                    .schema(new IntegerSchema().minimum(BigDecimal.ZERO)));
        headers.put("Readings-Duplicate",
                new Header().required(true)
                    .description("Readings of the batch ignored because their instant was already stored or came "
                            + "earlier in the batch")
                    .schema(new IntegerSchema().minimum(BigDecimal.ZERO)));
        headers.put("Readings-Conflicting",
                new Header().required(true)
                    .description("Duplicates whose count differed from the reading already stored for that instant "
                            + "(or the earlier one in the batch); still ignored")
                    .schema(new IntegerSchema().minimum(BigDecimal.ZERO)));
        headers.put("Cache-Control", new Header().required(true)
            .description("Never cached: reads, errors and ping alike (a cached 404 would hide a device that reports "
                    + "a minute later)")
            .schema(new StringSchema()._enum(List.of("no-store"))));
        headers.put("X-Content-Type-Options",
                new Header().required(true)
                    .description("Browsers must not guess another content type")
                    .schema(new StringSchema()._enum(List.of("nosniff"))));
        return headers;
    }

    @SuppressWarnings("rawtypes")
    static Map<String, Schema> schemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put("ErrorEnvelope",
                new ObjectSchema().addProperty("status", new StringSchema()._enum(List.of("error")))
                    .addProperty("error_message", new StringSchema())
                    .addProperty("status_code", new IntegerSchema().description("The HTTP status"))
                    .required(List.of("status", "error_message", "status_code")));
        schemas.put("Status", new ObjectSchema().addProperty("status", new StringSchema()._enum(List.of("ok"))));
        schemas.put("Reading",
                new ObjectSchema()
                    .addProperty("count",
                            new IntegerSchema().format("int64")
                                .minimum(BigDecimal.ONE)
                                .description("A JSON integer literal from 1 to 9223372036854775807"))
                    .addProperty("timestamp",
                            new StringSchema()
                                .pattern("^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}([Zz]|[+-]\\d{2}:?\\d{2})$")
                                .description("RFC 3339 without fractions; offset Z, ±HH:MM or ±HHMM, at most 18:00"))
                    .required(List.of("count", "timestamp")));
        schemas.put("CreateRequest",
                new ObjectSchema().addProperty("id", deviceId())
                    .addProperty("readings", new ArraySchema().items(ref("Reading")).minItems(1))
                    .required(List.of("id", "readings")));
        schemas.put("LatestTimestamp", new ObjectSchema().addProperty("timestamp",
                new StringSchema().description("YYYY-MM-DDTHH:MM:SS±HHMM")));
        schemas.put("CumulativeCount",
                new ObjectSchema().addProperty("cumulative_count", new IntegerSchema().format("int64")));
        schemas.put("DeviceSummary", new ObjectSchema().description("Keys in this order; fields may leave some out")
            .addProperty("device_id", deviceId().description("Lowercase canonical form"))
            .addProperty("latest_timestamp",
                    new StringSchema()
                        .description("Latest stored reading, YYYY-MM-DDTHH:MM:SS±HHMM in the offset it was sent with"))
            .addProperty("earliest_timestamp",
                    new StringSchema().description(
                            "Earliest stored reading, YYYY-MM-DDTHH:MM:SS±HHMM in the offset it was sent with"))
            .addProperty("cumulative_count",
                    new IntegerSchema().format("int64").description("Sum of the counts of all stored readings"))
            .addProperty("readings",
                    new IntegerSchema().format("int64").description("Number of distinct instants stored")));
        schemas
            .put("ReadingHistory",
                    new ObjectSchema().addProperty("device_id", deviceId().description("Lowercase canonical form"))
                        .addProperty("readings", new ArraySchema().items(new ObjectSchema()
                            .addProperty("timestamp", new StringSchema().description("YYYY-MM-DDTHH:MM:SS±HHMM"))
                            .addProperty("count",
                                    new IntegerSchema().format("int64")
                                        .nullable(true)
                                        .description("null for a reading restored from an older snapshot"))
                            .required(List.of("timestamp", "count"))))
                        .addProperty("next", nullable("string").description("YYYY-MM-DDTHH:MM:SS±HHMM, or null"))
                        .required(List.of("device_id", "readings", "next")));
        schemas.put("Series",
                new ObjectSchema().addProperty("device_id", deviceId().description("Lowercase canonical form"))
                    .addProperty("step_seconds", new IntegerSchema().format("int64"))
                    .addProperty("buckets",
                            new ArraySchema().items(new ObjectSchema()
                                .addProperty("start", new StringSchema().description("YYYY-MM-DDTHH:MM:SS±HHMM"))
                                .addProperty("cumulative_count", new IntegerSchema().format("int64"))
                                .addProperty("readings", new IntegerSchema().format("int64"))
                                .required(List.of("start", "cumulative_count", "readings"))))
                    .required(List.of("device_id", "step_seconds", "buckets")));
        schemas.put("Deleted",
                new ObjectSchema().addProperty("status", new StringSchema()._enum(List.of("ok")))
                    .addProperty("deleted_readings", new IntegerSchema().format("int64"))
                    .required(List.of("status", "deleted_readings")));
        schemas.put("DeviceLookup",
                new ObjectSchema().addProperty("devices", new ArraySchema().items(ref("DeviceSummary")))
                    .addProperty("not_found",
                            new ArraySchema().items(deviceId().description("Lowercase canonical form")))
                    .required(List.of("devices", "not_found")));
        return schemas;
    }

    /** A value of the type, or null (OpenAPI 3.1 says so with a list of types). */
    static Schema<Object> nullable(String type) {
        return new Schema<>().types(new LinkedHashSet<>(List.of(type, "null")));
    }

    static Schema<String> deviceId() {
        return new StringSchema().format("uuid")
            .pattern("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");
    }

    static Schema<?> ref(String schema) {
        return new Schema<>().$ref("#/components/schemas/" + schema);
    }

}
