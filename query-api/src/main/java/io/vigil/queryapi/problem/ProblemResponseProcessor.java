package io.vigil.queryapi.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns every framework error (404 route, 401/403 from security, conversion errors, missing arguments) into
 * application/problem+json; micronaut-problem-json is not on Maven Central, so this replaces the default processor.
 */
@Singleton
@Primary
public class ProblemResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {
  @Override
  public MutableHttpResponse<Map<String, Object>> processResponse(
      ErrorContext ctx, MutableHttpResponse<?> response) {
    HttpStatus status = response.getStatus();
    String detail = null;
    String param = null;
    if (ctx.hasErrors()) {
      detail = ctx.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
      param = ctx.getErrors().stream().map(e -> e.getPath().orElse(null))
          .filter(p -> p != null).map(p -> p.startsWith("/") ? p.substring(1) : p).findFirst().orElse(null);
    }
    if (status.getCode() >= 500) {
      // Never leak internals (SQL, stack traces) to clients.
      detail = "internal error; see the server log";
    }
    if (status == HttpStatus.UNAUTHORIZED) {
      detail = "a valid bearer token is required";
    } else if (status == HttpStatus.FORBIDDEN) {
      detail = "your role does not allow this operation";
    }
    if (status == HttpStatus.BAD_REQUEST && param == null && detail != null) {
      param = guessParam(detail);
    }
    return response.contentType(Problem.PROBLEM_JSON)
        .body(Problem.body(status, detail, param, ctx.getRequest().getPath()));
  }

  /** Micronaut's conversion messages read "Failed to convert argument [limit] for value [x]". */
  static String guessParam(String detail) {
    int open = detail.indexOf("argument [");
    if (open < 0) {
      return null;
    }
    int start = open + "argument [".length();
    int end = detail.indexOf(']', start);
    return end > start ? detail.substring(start, end) : null;
  }
}
