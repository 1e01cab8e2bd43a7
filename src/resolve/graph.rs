//! Graph checks: stage cycles and reachability within a roadmap, prerequisite cycles between
//! modules.

use crate::diagnostics::{Code, Diagnostic};
use crate::load::raw::{RawModule, RawRoadmap};
use crate::load::Doc;
use crate::model::{Module, Roadmap};

/// Finds one cycle in the graph `edges` (node → successors), as the list of nodes on it, the
/// first repeated at the end.
pub fn find_cycle(edges: &[Vec<usize>]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; edges.len()];
    for start in 0..edges.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative depth-first search: (node, index of the next successor to visit).
        let mut stack = vec![(start, 0usize)];
        mark[start] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&succ) = edges[node].get(*next) {
                *next += 1;
                match mark[succ] {
                    Mark::New => {
                        mark[succ] = Mark::Open;
                        stack.push((succ, 0));
                    }
                    Mark::Open => {
                        let from = stack.iter().position(|(n, _)| *n == succ).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack[from..].iter().map(|(n, _)| *n).collect();
                        cycle.push(succ);
                        return Some(cycle);
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    None
}

/// The nodes reachable from `start`.
pub fn reachable(edges: &[Vec<usize>], start: usize) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut todo = vec![start];
    while let Some(n) = todo.pop() {
        if n < seen.len() && !seen[n] {
            seen[n] = true;
            todo.extend(edges[n].iter().copied());
        }
    }
    seen
}

/// Reports a cycle among a roadmap's stages (an error) and, with `unreachable`, stages no path
/// from the first stage reaches (warnings).
pub fn check_stages(
    doc: &Doc<RawRoadmap>,
    roadmap: &Roadmap,
    unreachable: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let edges: Vec<Vec<usize>> = roadmap.stages.iter().map(|s| s.next.clone()).collect();
    if edges.is_empty() {
        return;
    }
    if let Some(cycle) = find_cycle(&edges) {
        let names: Vec<&str> = cycle
            .iter()
            .map(|&i| roadmap.stages[i].id.as_str())
            .collect();
        let (from, to) = (cycle[cycle.len() - 2], cycle[cycle.len() - 1]);
        let j = roadmap.stages[from]
            .next
            .iter()
            .position(|&n| n == to)
            .unwrap_or(0);
        let path = match &doc.raw.stages[from].next {
            Some(_) => format!("stages/{from}/next/{j}"),
            None => format!("stages/{from}/id"),
        };
        diags.push(
            Diagnostic::error(
                Code::Cycle,
                format!("the stages form a cycle: {}", names.join(" → ")),
            )
            .at(&doc.file, doc.spans.value(&path))
            .hint("a roadmap's stages must lead forward only: remove one `next` link of the cycle"),
        );
        return;
    }
    if !unreachable {
        return;
    }
    let seen = reachable(&edges, 0);
    for (i, stage) in roadmap.stages.iter().enumerate() {
        if !seen[i] {
            diags.push(
                Diagnostic::warning(
                    Code::Unreachable,
                    format!(
                        "no path from the first stage `{}` reaches the stage `{}`",
                        roadmap.stages[0].id, stage.id
                    ),
                )
                .at(&doc.file, doc.spans.value(&format!("stages/{i}/id")))
                .hint("add this stage to the `next` list of an earlier stage, or remove it"),
            );
        }
    }
}

/// Reports a cycle among modules' prerequisites.
pub fn check_prerequisites(
    docs: &[&Doc<RawModule>],
    modules: &[Module],
    diags: &mut Vec<Diagnostic>,
) {
    let edges: Vec<Vec<usize>> = modules.iter().map(|m| m.prerequisites.clone()).collect();
    if let Some(cycle) = find_cycle(&edges) {
        let names: Vec<&str> = cycle.iter().map(|&i| modules[i].id.as_str()).collect();
        let (from, to) = (cycle[cycle.len() - 2], cycle[cycle.len() - 1]);
        let j = docs[from]
            .raw
            .prerequisites
            .iter()
            .position(|p| p.as_str() == modules[to].id)
            .unwrap_or(0);
        diags.push(
            Diagnostic::error(
                Code::Cycle,
                format!(
                    "the module prerequisites form a cycle: {}",
                    names.join(" → ")
                ),
            )
            .at(
                &docs[from].file,
                docs[from].spans.value(&format!("prerequisites/{j}")),
            )
            .hint("a module cannot, through other modules, be its own prerequisite"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles() {
        assert_eq!(find_cycle(&[vec![1], vec![2], vec![]]), None);
        assert_eq!(
            find_cycle(&[vec![1], vec![2], vec![1]]),
            Some(vec![1, 2, 1])
        );
        assert_eq!(find_cycle(&[vec![0]]), Some(vec![0, 0]));
        // A join is not a cycle.
        assert_eq!(find_cycle(&[vec![1, 2], vec![3], vec![3], vec![]]), None);
    }

    #[test]
    fn reachability() {
        assert_eq!(
            reachable(&[vec![1], vec![], vec![1]], 0),
            vec![true, true, false]
        );
    }
}
