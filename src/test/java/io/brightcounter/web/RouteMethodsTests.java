package io.brightcounter.web;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A path's methods as the mappings state them: {@code HEAD} with {@code GET}, never
 * {@code OPTIONS}, several mappings of one path together, and nothing from a mapping for
 * every method.
 */
class RouteMethodsTests {

    private static final Method HANDLE = ReflectionUtils.findMethod(RouteMethodsTests.class, "handle");

    private final RouteMethods routeMethods;

    RouteMethodsTests() {
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        register(mapping, "/read", RequestMethod.GET);
        register(mapping, "/create", RequestMethod.POST);
        register(mapping, "/devices/{id}", RequestMethod.GET);
        register(mapping, "/devices/{id}", RequestMethod.DELETE);
        register(mapping, "/explicit-options", RequestMethod.PUT, RequestMethod.OPTIONS);
        register(mapping, "/error");
        this.routeMethods = new RouteMethods(mapping);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /read             | GET,HEAD
            /create           | POST
            /devices/42       | GET,HEAD,DELETE
            /explicit-options | PUT
            /error            | ''
            /nothing          | ''
            /read/more        | ''
            """)
    void aPathHasTheMethodsOfItsMappings(String path, String methods) {
        assertThat(this.routeMethods.of(new MockHttpServletRequest("OPTIONS", path))).isEqualTo(parse(methods));
    }

    @Test
    void theMethodsAreJoinedForAllowInTheirFixedOrder() {
        assertThat(OptionsFilter.join(this.routeMethods.of(new MockHttpServletRequest("OPTIONS", "/devices/1"))))
            .isEqualTo("GET,HEAD,DELETE");
    }

    @Test
    void theRoutesAreReadOnceAndKept() {
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        register(mapping, "/first", RequestMethod.GET);
        RouteMethods routes = new RouteMethods(mapping);
        assertThat(routes.of(new MockHttpServletRequest("OPTIONS", "/first"))).containsExactly(RequestMethod.GET,
                RequestMethod.HEAD);
        register(mapping, "/later", RequestMethod.POST);
        assertThat(routes.of(new MockHttpServletRequest("OPTIONS", "/later"))).isEmpty();
    }

    private static Set<RequestMethod> parse(String methods) {
        Set<RequestMethod> parsed = EnumSet.noneOf(RequestMethod.class);
        for (String method : methods.split(",")) {
            if (!method.isEmpty()) {
                parsed.add(RequestMethod.valueOf(method));
            }
        }
        return parsed;
    }

    private void register(RequestMappingHandlerMapping mapping, String path, RequestMethod... methods) {
        mapping.registerMapping(RequestMappingInfo.paths(path).methods(methods).build(), this, HANDLE);
    }

    void handle() {
    }

}
