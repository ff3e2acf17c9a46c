package io.vigil.queryapi.access;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.http.server.util.locale.HttpLocaleResolver;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.event.TokenValidatedEvent;
import io.micronaut.security.filters.SecurityFilter;
import io.micronaut.security.token.TokenAuthenticationFetcher;
import io.micronaut.security.token.reader.TokenResolver;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Micronaut's bearer-token authentication with {@link ValidatedTokens} in front: dashboards and scripts send the same
 * token with every request, and parsing, verifying and mapping it again was about a fifth of the API's event-loop
 * CPU on the quality queries. A token seen for the first time, or whose cached entry expired, goes through the
 * configured validators as before. {@code vigil.security.token-cache-max-age: 0s} turns the cache off.
 */
@Singleton
@Replaces(TokenAuthenticationFetcher.class)
public class CachedTokenAuthenticationFetcher extends TokenAuthenticationFetcher {
  private final TokenResolver<HttpRequest<?>> resolver;
  private final ValidatedTokens cache;
  private final Clock clock;

  public CachedTokenAuthenticationFetcher(List<TokenValidator<HttpRequest<?>>> validators,
      TokenResolver<HttpRequest<?>> resolver, ApplicationEventPublisher<TokenValidatedEvent> events,
      HttpHostResolver hosts, HttpLocaleResolver locales, Clock clock,
      @Value("${vigil.security.token-cache-max-age:60s}") Duration maxAge,
      @Value("${vigil.security.token-cache-max-entries:10000}") int maxEntries) {
    super(validators, resolver, events, hosts, locales);
    this.resolver = resolver;
    this.cache = new ValidatedTokens(maxAge, maxEntries);
    this.clock = clock;
  }

  /** How many validated tokens are remembered now. */
  public int cachedTokens() {
    return cache.size();
  }

  @Override
  public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
    List<String> tokens = resolver.resolveTokens(request);
    if (tokens.size() != 1) {
      return super.fetchAuthentication(request);
    }
    String token = tokens.get(0);
    Authentication cached = cache.get(token, clock.instant());
    if (cached != null) {
      request.setAttribute(SecurityFilter.TOKEN, token);
      return Mono.just(cached);
    }
    return Mono.from(super.fetchAuthentication(request)).doOnNext(a -> cache.put(token, a, clock.instant()));
  }
}
