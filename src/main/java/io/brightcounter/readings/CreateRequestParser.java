package io.brightcounter.readings;

import java.util.UUID;

import io.brightcounter.web.ApiError;
import io.brightcounter.web.ApiException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Turns a create request body into a {@link CreateRequest}, applying the contract's
 * validation rows in order.
 *
 * <p>
 * The body is read once with Jackson's streaming parser, straight from its bytes: no tree
 * of nodes, no per-reading objects. Syntax is checked over the whole document before any
 * other rule (row 1 outranks everything), so the facts each later row needs are recorded
 * while parsing and judged only once the document is known to be well-formed.
 */
@Component
public class CreateRequestParser {

    private final TokenStreamFactory jsonFactory;

    public CreateRequestParser(JsonMapper jsonMapper) {
        // Duplicate keys are invalid JSON by contract. Lengths are bounded by the request
        // body
        // limit instead: a 2,000-digit count is valid JSON and must get the count
        // message.
        this.jsonFactory = jsonMapper.tokenStreamFactory()
            .rebuild()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(Integer.MAX_VALUE)
                .maxStringLength(Integer.MAX_VALUE)
                .maxNameLength(Integer.MAX_VALUE)
                .build())
            .build();
    }

    /**
     * Parses and validates a create request body.
     * @throws ApiException with the first failing contract row
     */
    public CreateRequest parse(byte[] body) {
        if (!mayBeUtf8Json(body) || !Utf8.isValid(body)) {
            throw ApiError.INVALID_JSON.exception();
        }
        Fields fields = new Fields();
        try (JsonParser parser = this.jsonFactory.createParser(ObjectReadContext.empty(), body)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                throw ApiError.INVALID_JSON.exception();
            }
            if (root == JsonToken.START_OBJECT) {
                readObject(parser, fields);
            }
            else {
                parser.skipChildren();
                fields.notAnObject = true;
            }
            if (parser.nextToken() != null) {
                throw ApiError.INVALID_JSON.exception();
            }
        }
        catch (JacksonException ex) {
            throw ApiError.INVALID_JSON.exception();
        }
        return fields.validate();
    }

    /**
     * Jackson guesses UTF-16 and UTF-32 from zero bytes and byte order marks; the
     * contract only takes UTF-8, where a JSON text never holds a raw zero byte and bytes
     * 0xFE/0xFF never occur. A UTF-8 byte order mark is tolerated, as RFC 8259 allows.
     */
    private static boolean mayBeUtf8Json(byte[] body) {
        int n = Math.min(body.length, 4);
        for (int i = 0; i < n; i++) {
            int b = body[i] & 0xFF;
            if (b == 0x00 || b == 0xFE || b == 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static void readObject(JsonParser parser, Fields fields) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("id".equals(name)) {
                readId(parser, value, fields);
            }
            else if ("readings".equals(name)) {
                readReadings(parser, value, fields);
            }
            else {
                parser.skipChildren();
            }
        }
    }

    private static void readId(JsonParser parser, JsonToken value, Fields fields) {
        fields.idPresent = value != JsonToken.VALUE_NULL;
        if (value == JsonToken.VALUE_STRING) {
            String text = parser.getString();
            fields.idEmpty = text.isEmpty();
            fields.deviceId = DeviceIds.parseOrNull(text);
        }
        else {
            parser.skipChildren();
        }
    }

    private static void readReadings(JsonParser parser, JsonToken value, Fields fields) {
        fields.readingsPresent = value != JsonToken.VALUE_NULL;
        if (value != JsonToken.START_ARRAY) {
            fields.readingsNotArray = value != JsonToken.VALUE_NULL;
            parser.skipChildren();
            return;
        }
        ReadingBatch readings = new ReadingBatch();
        fields.readings = readings;
        JsonToken element;
        int elements = 0;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            elements++;
            if (element == JsonToken.START_OBJECT && !fields.readingsNotArray && fields.readingError == null) {
                readReading(parser, fields, readings);
            }
            else {
                fields.readingsNotArray |= element != JsonToken.START_OBJECT;
                parser.skipChildren();
            }
        }
        fields.readingsEmpty = elements == 0;
    }

    private static void readReading(JsonParser parser, Fields fields, ReadingBatch readings) {
        long count = 0;
        Timestamp timestamp = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("count".equals(name)) {
                count = (value == JsonToken.VALUE_NUMBER_INT) ? positiveLongOrZero(parser) : 0;
                parser.skipChildren();
            }
            else if ("timestamp".equals(name) && value == JsonToken.VALUE_STRING) {
                timestamp = Timestamp.parseOrNull(parser.getStringCharacters(), parser.getStringOffset(),
                        parser.getStringLength());
            }
            else {
                parser.skipChildren();
            }
        }
        if (count <= 0) {
            fields.readingError = ApiError.INVALID_COUNT;
        }
        else if (timestamp == null) {
            fields.readingError = ApiError.INVALID_TIMESTAMP;
        }
        else {
            readings.add(count, timestamp);
        }
    }

    /** The integer token's value when it is a positive {@code long}, otherwise 0. */
    private static long positiveLongOrZero(JsonParser parser) {
        // Integers beyond the long range are typed BIG_INTEGER without being converted.
        JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            return 0;
        }
        return Math.max(parser.getLongValue(), 0);
    }

    /**
     * What parsing saw, judged in the contract's row order once the whole body is known
     * to be JSON.
     */
    private static final class Fields {

        boolean notAnObject;

        boolean idPresent;

        boolean idEmpty;

        @Nullable UUID deviceId;

        boolean readingsPresent;

        boolean readingsEmpty;

        boolean readingsNotArray;

        @Nullable ReadingBatch readings;

        @Nullable ApiError readingError;

        CreateRequest validate() {
            if (this.notAnObject) {
                throw ApiError.NOT_AN_OBJECT.exception();
            }
            if (!this.idPresent || this.idEmpty) {
                throw ApiError.ID_REQUIRED.exception();
            }
            if (!this.readingsPresent || this.readingsEmpty) {
                throw ApiError.READINGS_REQUIRED.exception();
            }
            if (this.deviceId == null) {
                throw ApiError.INVALID_DEVICE_ID.exception();
            }
            if (this.readingsNotArray || this.readings == null) {
                throw ApiError.READINGS_NOT_ARRAY.exception();
            }
            if (this.readingError != null) {
                throw this.readingError.exception();
            }
            return new CreateRequest(this.deviceId, this.readings);
        }

    }

}
