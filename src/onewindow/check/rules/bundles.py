"""Bundle rules: prerequisites must not form a cycle (OW208)."""

from __future__ import annotations

from collections.abc import Iterator

from onewindow.check.problems import Finding
from onewindow.check.rules.index import Index, as_list, entries


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A cycle in `node -> prerequisites` as a list of nodes (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state and (found := visit(node)):
            return found
    return None


def prerequisites_acyclic(index: Index) -> Iterator[Finding]:
    for bundle in index.sources.of_kind("bundle"):
        graph: dict[str, list[str]] = {}
        position: dict[str, int] = {}
        for i, member in entries(bundle.data, "items"):
            code = member.get("code")
            if isinstance(code, str):
                graph[code] = [c for c in as_list(member.get("after")) if isinstance(c, str)]
                position.setdefault(code, i)
        cycle = find_cycle(graph)
        if cycle:
            names = " → ".join(cycle)
            yield Finding("OW208", bundle.file, ("items", position[cycle[0]], "after"),
                          f"前置事项形成循环：{names}", "检查 after，去掉其中一条前置关系")
