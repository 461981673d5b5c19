package dev.sio.engineio.http;

import dev.sio.engineio.server.QueryString;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class QueryParameterRequestTest {

    /** A container request that answers only getQueryString and fails on any parameter call. */
    private static HttpServletRequest containerRequest(String query) {
        return (HttpServletRequest) Proxy.newProxyInstance(QueryParameterRequestTest.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getQueryString")) return query;
                    throw new AssertionError("the container request was asked " + method.getName());
                });
    }

    private static QueryParameterRequest request(String query) {
        HttpServletRequest container = containerRequest(query);
        return new QueryParameterRequest(container, QueryString.parse(container.getQueryString()));
    }

    @Test
    void parameters_come_from_the_query_string_and_never_from_the_container() {
        QueryParameterRequest request = request("EIO=4&transport=websocket&sid=a%2Bb&x=1&x=2&flag");
        assertEquals("4", request.getParameter("EIO"));
        assertEquals("a+b", request.getParameter("sid"));
        assertEquals("", request.getParameter("flag"));
        assertNull(request.getParameter("missing"));
        assertNull(request.getParameter(null));
        assertArrayEquals(new String[]{"1", "2"}, request.getParameterValues("x"));
        assertNull(request.getParameterValues("missing"));
        assertEquals(List.of("EIO", "flag", "sid", "transport", "x"),
                Collections.list(request.getParameterNames()).stream().sorted().toList());
        Map<String, String[]> map = request.getParameterMap();
        assertEquals(5, map.size());
        assertArrayEquals(new String[]{"websocket"}, map.get("transport"));
    }

    @Test
    void the_parameter_map_cannot_be_changed_and_changing_handed_out_arrays_changes_nothing() {
        QueryParameterRequest request = request("x=1");
        assertThrows(UnsupportedOperationException.class, () -> request.getParameterMap().put("y", new String[0]));
        request.getParameterMap().get("x")[0] = "changed";
        request.getParameterValues("x")[0] = "changed";
        assertEquals("1", request.getParameter("x"));
    }

    @Test
    void a_request_without_a_query_string_has_no_parameters() {
        QueryParameterRequest request = request(null);
        assertNull(request.getParameter("EIO"));
        assertEquals(Map.of(), request.getParameterMap());
        assertEquals(List.of(), Collections.list(request.getParameterNames()));
    }
}
