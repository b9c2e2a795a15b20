package dev.settle.request;

/**
 * What observers may know of a route: its method and path template ({@code /v1/transfers/{id}}),
 * never the path itself (paths hold ids). One per route, made when the route is declared, so a
 * request carries a reference and observers can key on it without allocating.
 */
public record RouteLabel(String method, String template) {}
