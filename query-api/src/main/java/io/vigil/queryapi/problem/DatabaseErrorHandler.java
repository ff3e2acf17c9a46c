package io.vigil.queryapi.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Database failures become a 503 problem without any SQL in the message; the log keeps the detail. */
@Produces
@Singleton
public class DatabaseErrorHandler implements ExceptionHandler<DatabaseException, HttpResponse<?>> {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseErrorHandler.class);

  @Override
  public HttpResponse<?> handle(HttpRequest request, DatabaseException e) {
    SQLException cause = e.getCause() instanceof SQLException s ? s : null;
    LOG.error("database error on {} {} (sqlstate {})", request.getMethod(), request.getPath(),
        cause == null ? "?" : cause.getSQLState(), e);
    return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, "storage is unavailable; retry later", null,
        request.getPath());
  }
}
