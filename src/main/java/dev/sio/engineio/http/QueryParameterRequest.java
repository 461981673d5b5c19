package dev.sio.engineio.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A WebSocket upgrade request whose parameters come from our own parse of the query string. The
 * container keeps an upgraded request for the life of the connection; had its own parameter parsing
 * run (the WebSocket container asks for the parameter map), Grizzly (Payara) would keep two
 * 1,024-character decoding buffers and two parameter maps with it: ~4.5 KB per idle connection.
 * An upgrade request has no body, so the query string is all the parameters there are.
 */
final class QueryParameterRequest extends HttpServletRequestWrapper {

    // kept as long as the container keeps the request: compact (an immutable map of arrays)
    private final Map<String, String[]> parameters;

    QueryParameterRequest(HttpServletRequest request, Map<String, List<String>> query) {
        super(request);
        Map<String, String[]> copy = new HashMap<>(query.size() * 2);
        query.forEach((name, values) -> copy.put(name, values.toArray(String[]::new)));
        this.parameters = Map.copyOf(copy);
    }

    @Override
    public String getParameter(String name) {
        String[] values = name == null ? null : parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = name == null ? null : parameters.get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> copy = new HashMap<>(parameters.size() * 2);
        parameters.forEach((name, values) -> copy.put(name, values.clone()));
        return Collections.unmodifiableMap(copy);
    }
}
