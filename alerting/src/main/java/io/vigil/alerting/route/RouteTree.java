package io.vigil.alerting.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Alertmanager's routing walk: deepest matching routes, siblings tried only after a match with {@code continue}. */
public final class RouteTree {
  private final Route root;
  private final Map<String, Route> byId = new HashMap<>();

  public RouteTree(Route root) {
    this.root = root;
    index(root);
  }

  private void index(Route r) {
    byId.put(r.id(), r);
    r.children().forEach(this::index);
  }

  public Route root() {
    return root;
  }

  public Route byId(String id) {
    return byId.get(id);
  }

  /** The routes an alert with these labels goes to; the root always matches. */
  public List<Route> match(Map<String, String> labels) {
    List<Route> out = new ArrayList<>();
    walk(root, labels, out);
    return out;
  }

  private boolean walk(Route node, Map<String, String> labels, List<Route> out) {
    if (!LabelMatcher.all(node.matchers(), labels)) {
      return false;
    }
    boolean childMatched = false;
    for (Route child : node.children()) {
      if (walk(child, labels, out)) {
        childMatched = true;
        if (!child.continueMatching()) {
          break;
        }
      }
    }
    if (!childMatched) {
      out.add(node);
    }
    return true;
  }
}
