package org.openintercom.cloud.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the handler for a method and path among templates like {@code /api/v1/sites/{siteId}/claims}. */
final class Router {

    /** Handles one call. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Call call);
    }

    /** A handler with the path parameters taken from the path. */
    record Match(Handler handler, boolean authenticated, Map<String, String> pathParams) { }

    private record Route(String method, Pattern pattern, List<String> names, Handler handler, boolean authenticated) { }

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route that needs a bearer token. */
    Router add(String method, String template, Handler handler) {
        return add(method, template, handler, true);
    }

    /** Adds a route that needs no token. */
    Router addPublic(String method, String template, Handler handler) {
        return add(method, template, handler, false);
    }

    private Router add(String method, String template, Handler handler, boolean authenticated) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, handler, authenticated));
        return this;
    }

    /**
     * The route for {@code method} and {@code path}.
     *
     * @throws ApiError 404 if no template matches the path, 405 if none allows the method
     */
    Match route(String method, String path) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Matcher m = r.pattern.matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (!r.method.equals(method)) {
                allowed.add(r.method);
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < r.names.size(); i++) {
                params.put(r.names.get(i), Http.decode(m.group(i + 1)));
            }
            return new Match(r.handler, r.authenticated, params);
        }
        if (!allowed.isEmpty()) {
            throw new ApiError(405, "method_not_allowed", method + " is not allowed on " + path
                    + "; allowed: " + String.join(", ", allowed));
        }
        throw new ApiError(404, "not_found", "no endpoint " + path);
    }

    /** The methods allowed on {@code path}, for the Allow header. */
    Optional<String> allowedOn(String path) {
        TreeSet<String> allowed = new TreeSet<>();
        routes.stream().filter(r -> r.pattern.matcher(path).matches()).forEach(r -> allowed.add(r.method));
        return allowed.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", allowed));
    }
}
