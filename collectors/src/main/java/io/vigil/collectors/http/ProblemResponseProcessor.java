package io.vigil.collectors.http;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.stream.Collectors;

/** Every framework error (413 body too large, 404, bad content type) as problem+json, counted by status. */
@Singleton
@Primary
public class ProblemResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {
  private final RejectCounter rejects;

  public ProblemResponseProcessor(RejectCounter rejects) {
    this.rejects = rejects;
  }

  @Override
  public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext ctx, MutableHttpResponse<?> response) {
    HttpStatus status = response.getStatus();
    String detail = ctx.hasErrors()
        ? ctx.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; ")) : null;
    if (status.getCode() >= 500) {
      detail = "internal error; see the agent log";
    } else if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
      detail = "request body exceeds the agent's limit (micronaut.server.max-request-size)";
    }
    rejects.count("http_" + status.getCode());
    return response.contentType(Problems.PROBLEM_JSON).body(Problems.body(status, detail, ctx.getRequest().getPath()));
  }
}
