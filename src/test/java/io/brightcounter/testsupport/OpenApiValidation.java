package io.brightcounter.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.resttestclient.autoconfigure.RestTestClientBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Checks every response the test's {@code RestTestClient} receives against
 * {@code docs/openapi.json}: the status is one the operation documents, every required
 * header is there and every documented header and the JSON body match their schemas
 * (validated by networknt's JSON Schema validator with the OpenAPI 3.1 dialect). Requests
 * to paths or methods the document does not describe (unknown paths, wrong methods,
 * Swagger UI) are not checked. A mismatch fails the exchange with an
 * {@link AssertionError} naming the operation, status and problems.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OpenApiValidation {

    public static final Path DOCUMENT = Path.of("docs/openapi.json");

    /** Where the document is registered for {@code $ref} resolution; never fetched. */
    private static final String BASE = "https://bright-counter.invalid/openapi.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;

    private final SchemaRegistry schemas;

    public OpenApiValidation() {
        try {
            String text = Files.readString(DOCUMENT);
            this.document = JSON.readTree(text);
            this.schemas = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
                    (registry) -> registry.schemas(Map.of(BASE, text)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Bean
    public RestTestClientBuilderCustomizer openApiResponseValidation() {
        return (builder) -> builder.requestInterceptor(new Interceptor());
    }

    /**
     * Problems of one response, empty when it matches the document or the document does
     * not describe it.
     */
    public List<String> problems(String method, URI uri, int status, HttpHeaders headers, byte[] body) {
        String template = template(uri.getPath());
        JsonNode operation = (template != null) ? this.document.path("paths").path(template).path(method.toLowerCase())
                : null;
        List<String> problems = new ArrayList<>();
        if (operation == null || operation.isMissingNode()) {
            return problems;
        }
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase() + "/responses/";
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            problems.add("status " + status + " is not documented");
            return problems;
        }
        pointer += status;
        for (Map.Entry<String, JsonNode> entry : response.path("headers").properties()) {
            JsonNode header = resolve(entry.getValue());
            String value = headers.getFirst(entry.getKey());
            if (value == null) {
                if (header.path("required").asBoolean(false)) {
                    problems.add("required header " + entry.getKey() + " is missing");
                }
                continue;
            }
            boolean integer = "integer".equals(header.path("schema").path("type").asString(""))
                    && value.matches("-?\\d{1,18}");
            JsonNode typed = integer ? JsonNodeFactory.instance.numberNode(Long.parseLong(value))
                    : JsonNodeFactory.instance.stringNode(value);
            String location = pointerOf(entry.getValue(), pointer + "/headers/" + escape(entry.getKey())) + "/schema";
            validate(location, typed).forEach((error) -> problems.add("header " + entry.getKey() + ": " + error));
        }
        JsonNode media = response.path("content").path(MediaType.APPLICATION_JSON_VALUE);
        if (media.isMissingNode()) {
            if (body.length > 0) {
                problems.add("a body where the document describes none");
            }
            return problems;
        }
        MediaType type = headers.getContentType();
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            problems.add("Content-Type " + type + " where application/json is documented");
            return problems;
        }
        JsonNode json;
        try {
            json = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        }
        catch (RuntimeException ex) {
            problems.add("body is not JSON: " + ex.getMessage());
            return problems;
        }
        validate(pointer + "/content/" + escape(MediaType.APPLICATION_JSON_VALUE) + "/schema", json)
            .forEach((error) -> problems.add("body: " + error));
        return problems;
    }

    private List<String> validate(String pointer, JsonNode value) {
        Schema schema = this.schemas.getSchema(SchemaLocation.of(BASE + "#" + pointer));
        return schema.validate(value).stream().map(Object::toString).toList();
    }

    /** The documented path template a request path matches, or null. */
    private String template(String path) {
        for (Iterator<String> templates = this.document.path("paths").propertyNames().iterator(); templates
            .hasNext();) {
            String template = templates.next();
            String regex = "\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
            if (Pattern.matches(regex, path)) {
                return template;
            }
        }
        return null;
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asString("");
        return ref.startsWith("#") ? this.document.at(ref.substring(1)) : node;
    }

    private static String pointerOf(JsonNode node, String inline) {
        String ref = node.path("$ref").asString("");
        return ref.startsWith("#") ? ref.substring(1) : inline;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Reads each response whole, checks it, and hands the client a copy of what it read.
     */
    private final class Interceptor implements ClientHttpRequestInterceptor {

        @Override
        public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
                throws IOException {
            ClientHttpResponse response = execution.execute(request, body);
            byte[] content = response.getBody().readAllBytes();
            List<String> problems = problems(request.getMethod().name(), request.getURI(),
                    response.getStatusCode().value(), response.getHeaders(), content);
            if (!problems.isEmpty()) {
                throw new AssertionError("Response to " + request.getMethod() + " " + request.getURI().getPath() + " ("
                        + response.getStatusCode().value() + ") does not match " + DOCUMENT + ": " + problems);
            }
            return new ReadResponse(response, content);
        }

    }

    private record ReadResponse(ClientHttpResponse response, byte[] content) implements ClientHttpResponse {

        @Override
        public HttpStatusCode getStatusCode() throws IOException {
            return this.response.getStatusCode();
        }

        @Override
        public String getStatusText() throws IOException {
            return this.response.getStatusText();
        }

        @Override
        public HttpHeaders getHeaders() {
            return this.response.getHeaders();
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(this.content);
        }

        @Override
        public void close() {
            this.response.close();
        }

    }

}
