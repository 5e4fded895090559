package dev.wifbroker.policy.lint;

import dev.wifbroker.policy.match.BoundedRegex;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.match.RegexNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a glob or regex on an {@code owner/name} path ({@code repository}, {@code project_path}, a {@code sub} with
 * {@code repo:owner/name:…}) narrows the name after the owner, judged from RE2J's parse tree rather than its text: the
 * segment after the first {@code /} must hold a character every accepted value has there, before the next
 * {@code /}, {@code :} or {@code @}. {@code acme/app-*}, the glob {@code *}{@code /payments} and {@code acme/(app|web)} narrow it;
 * {@code acme/*}, {@code acme/(app|.*)}, {@code acme/\pL+}, {@code acme/.{0,100}}, {@code acme/*}{@code /x} and
 * {@code [^/]+/.*} leave it open (every repository of the owner, including ones created later).
 */
final class NameSegment {
    private static final String SEPARATORS = "/:@";

    /** What a stretch of pattern guarantees about the name segment. */
    private enum Scan {
        /** every value has a literal character of the name here */
        FOUND,
        /** the segment may end here (a separator), before any such character */
        ENDED,
        /** nothing guaranteed yet */
        NONE
    }

    private NameSegment() {}

    /** True when the pattern's owner is literal (it pins one owner) and it leaves the name open: owner-wide. */
    static boolean ownerWide(Matcher m) {
        return branches(m).stream().anyMatch(items -> literalOwner(items) && !namePinned(items));
    }

    /** True when every value the pattern accepts has a literal character in its name segment. */
    static boolean narrowsName(Matcher m) {
        List<List<RegexNode>> branches = branches(m);
        return !branches.isEmpty() && branches.stream().allMatch(NameSegment::namePinned);
    }

    /** The top-level alternatives of the pattern, each flattened into single characters and other nodes. */
    private static List<List<RegexNode>> branches(Matcher m) {
        RegexNode root;
        try {
            root = m instanceof Matcher.Glob g ? RegexNode.of(g) : m instanceof Matcher.Regex r ? RegexNode.of(r) : null;
        } catch (BoundedRegex.TooLarge e) {
            return List.of();
        }
        if (root == null) {
            return List.of();
        }
        List<RegexNode> alternatives = root.kind() == RegexNode.Kind.ALTERNATE ? root.subs() : List.of(root);
        List<List<RegexNode>> out = new ArrayList<>();
        for (RegexNode alternative : alternatives) {
            List<RegexNode> items = new ArrayList<>();
            flatten(alternative, items);
            out.add(items);
        }
        return out;
    }

    /** Top-level concatenations and groups, literals as one node per character, empty-width assertions dropped. */
    private static void flatten(RegexNode n, List<RegexNode> out) {
        switch (n.kind()) {
            case CONCAT -> n.subs().forEach(s -> flatten(s, out));
            case CAPTURE -> flatten(n.subs().get(0), out);
            case LITERAL -> n.text().codePoints().forEach(c -> out.add(new RegexNode(RegexNode.Kind.LITERAL,
                    Character.toString(c), List.of(), 0, 0)));
            case EMPTY -> { }
            default -> out.add(n);
        }
    }

    private static int ownerEnd(List<RegexNode> items) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).kind() == RegexNode.Kind.LITERAL && items.get(i).text().equals("/")) {
                return i;
            }
        }
        return -1;
    }

    private static boolean literalOwner(List<RegexNode> items) {
        int end = ownerEnd(items);
        return end > 0 && items.subList(0, end).stream().allMatch(n -> n.kind() == RegexNode.Kind.LITERAL);
    }

    private static boolean namePinned(List<RegexNode> items) {
        int end = ownerEnd(items);
        if (end < 0) {
            return false;
        }
        for (RegexNode n : items.subList(end + 1, items.size())) {
            Scan s = scan(n);
            if (s != Scan.NONE) {
                return s == Scan.FOUND;
            }
        }
        return false;
    }

    private static Scan scan(RegexNode n) {
        return switch (n.kind()) {
            case LITERAL -> n.text().isEmpty() ? Scan.NONE : SEPARATORS.indexOf(n.text().charAt(0)) >= 0 ? Scan.ENDED : Scan.FOUND;
            case CONCAT -> {
                for (RegexNode s : n.subs()) {
                    Scan r = scan(s);
                    if (r != Scan.NONE) {
                        yield r;
                    }
                }
                yield Scan.NONE;
            }
            case CAPTURE, PLUS -> scan(n.subs().get(0));
            case REPEAT -> n.min() >= 1 ? scan(n.subs().get(0)) : Scan.NONE;
            case ALTERNATE -> {
                List<Scan> all = n.subs().stream().map(NameSegment::scan).toList();
                yield all.stream().allMatch(s -> s == Scan.FOUND) ? Scan.FOUND : all.contains(Scan.ENDED) ? Scan.ENDED : Scan.NONE;
            }
            // A value that matches nothing is not owner-wide; optional parts and classes guarantee nothing.
            case NO_MATCH -> Scan.FOUND;
            default -> Scan.NONE;
        };
    }
}
