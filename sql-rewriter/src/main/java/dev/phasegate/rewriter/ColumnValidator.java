package dev.phasegate.rewriter;

import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.rewriter.analysis.ExpressionTemplate;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.catalog.CatalogColumn;
import dev.phasegate.rewriter.catalog.CatalogTable;
import dev.phasegate.rewriter.parse.Parsers;
import dev.phasegate.rewriter.parse.ScriptParseException;
import dev.phasegate.rewriter.parse.ScriptParser;
import dev.phasegate.rewriter.parse.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;

/**
 * Checks a managed column's declaration before the control plane accepts it: {@code up},
 * {@code down} and {@code default} must each parse as one SQL expression (with the same parser
 * the rewriter uses, so what is accepted here can be spliced there), and, given a catalog, refer
 * only to columns the table has. Every problem names the column and the field.
 */
public final class ColumnValidator {

    private final ScriptParser parser;

    public ColumnValidator() {
        this(Parsers.postgres());
    }

    public ColumnValidator(ScriptParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** Syntax only: what can be checked without the upstream catalog. Empty when valid. */
    public List<String> problems(ManagedColumn column) {
        List<String> problems = new ArrayList<>();
        expression(column, "up", column.up(), problems);
        expression(column, "down", column.down(), problems);
        expression(column, "default", column.defaultValue(), problems);
        return problems;
    }

    /**
     * Syntax, and the references against the catalog: the table and the new column exist (with
     * the declared type), the source exists, {@code up} and {@code down} read only columns of the
     * table, {@code default} reads none. Empty when valid.
     */
    public List<String> problems(ManagedColumn column, Catalog catalog) {
        List<String> problems = problems(column);
        Optional<CatalogTable> found = catalog.table(column.id().tableName());
        if (found.isEmpty()) {
            problems.add(column.id() + ": table " + column.id().tableName() + " does not exist upstream");
            return problems;
        }
        CatalogTable table = found.get();
        Optional<CatalogColumn> newColumn = table.column(column.name());
        if (newColumn.isEmpty()) {
            problems.add(column.id() + ": column " + column.name() + " does not exist upstream");
        } else if (!sameType(newColumn.get().type(), column.type())) {
            problems.add(column.id() + ": declared type " + column.type() + " but the column upstream is "
                    + newColumn.get().type());
        }
        if (column.hasSource() && !table.has(column.source())) {
            problems.add(column.id() + ": source column " + column.source() + " does not exist upstream");
        }
        references(column, "up", column.upExpression().orElse(null), table, problems);
        references(column, "down", column.down(), table, problems);
        if (column.defaultValue() != null) {
            ExpressionTemplate t = ExpressionTemplate.of(column.defaultValue(), table::has);
            if (!t.columns().isEmpty()) {
                problems.add(column.id() + ": default must not read columns, it reads " + t.columns());
            }
        }
        return problems;
    }

    /** Throws {@link IllegalArgumentException} listing every problem. */
    public void check(ManagedColumn column, Catalog catalog) {
        List<String> problems = catalog == null ? problems(column) : problems(column, catalog);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private void expression(ManagedColumn column, String field, String expression, List<String> problems) {
        if (expression == null) {
            return;
        }
        String why = parseProblem(expression);
        if (why != null) {
            problems.add(column.id() + ": " + field + " is not one SQL expression: " + why);
        }
    }

    /** Why the text is not exactly one expression, or null when it is. */
    String parseProblem(String expression) {
        String sql = "SELECT " + expression;
        List<Statement> statements;
        try {
            statements = parser.parse(sql);
        } catch (ScriptParseException e) {
            return e.getMessage();
        }
        if (statements.size() != 1) {
            return "it contains " + statements.size() + " statements";
        }
        SqlNode node = statements.get(0).node();
        if (!(node instanceof SqlSelect select) || select.getFrom() != null || select.getWhere() != null
                || select.getGroup() != null || select.getSelectList().size() != 1) {
            return "it is not a single expression";
        }
        SqlNode item = select.getSelectList().get(0);
        if (item.getKind() == SqlKind.AS) {
            return "it has an alias";
        }
        if (item.getKind().belongsTo(SqlKind.QUERY)) {
            return "it is a query";
        }
        return null;
    }

    private static void references(ManagedColumn column, String field, String expression, CatalogTable table,
                                   List<String> problems) {
        if (expression == null) {
            return;
        }
        // Any name that is not a function or a type is taken as a column reference here.
        ExpressionTemplate all = ExpressionTemplate.of(expression, c -> !isKeyword(c));
        for (String c : all.columns()) {
            if (!table.has(c)) {
                problems.add(column.id() + ": " + field + " reads " + c + ", which " + table.name() + " does not have");
            }
        }
    }

    private static boolean isKeyword(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "null", "true", "false", "and", "or", "not", "is", "distinct", "from", "case", "when", "then",
                 "else", "end", "as", "in", "like", "ilike", "between", "similar", "escape", "collate", "at",
                 "time", "zone", "interval", "array", "row", "current_date", "current_time", "current_timestamp",
                 "localtime", "localtimestamp", "current_user", "session_user", "user", "any", "all", "some",
                 "both", "leading", "trailing", "for", "asc", "desc", "nulls", "first", "last", "over",
                 "partition", "by", "order", "unknown", "exists", "cast", "isnull", "notnull", "symmetric",
                 "overlaps", "uescape", "varying", "precision", "with", "without" -> true;
            default -> false;
        };
    }

    private static boolean sameType(String upstream, String declared) {
        return normalize(upstream).equals(normalize(declared));
    }

    /** format_type spellings and common aliases, compared loosely. */
    static String normalize(String type) {
        String t = type.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replace(" (", "(").strip();
        return switch (t) {
            case "int8" -> "bigint";
            case "int", "int4" -> "integer";
            case "int2" -> "smallint";
            case "varchar" -> "character varying";
            case "bool" -> "boolean";
            case "float8", "double" -> "double precision";
            case "float4" -> "real";
            case "timestamptz" -> "timestamp with time zone";
            case "timestamp" -> "timestamp without time zone";
            case "decimal" -> "numeric";
            default -> t.startsWith("varchar(") ? "character varying" + t.substring(7)
                    : t.startsWith("decimal(") ? "numeric" + t.substring(7) : t;
        };
    }
}
