package dev.phasegate.rewriter.lex;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommentEdgesTest {

    @Test
    void aTrailingTraceCommentIsAnEdge() {
        String sql = "SELECT * FROM users WHERE id = $1 /*traceparent='00-4bf9-01'*/";
        CommentEdges edges = CommentEdges.of(sql);
        assertThat(edges.core()).isEqualTo("SELECT * FROM users WHERE id = $1");
        assertThat(edges.leading()).isEmpty();
        assertThat(edges.trailing()).isEqualTo(" /*traceparent='00-4bf9-01'*/");
        assertThat(edges.around("SELECT id FROM users WHERE id = $1"))
                .isEqualTo("SELECT id FROM users WHERE id = $1 /*traceparent='00-4bf9-01'*/");
    }

    @Test
    void leadingLineAndNestedBlockCommentsAreAnEdge() {
        String sql = "-- job 7\n /* a /* nested */ one */ UPDATE t SET a = 1;\n";
        CommentEdges edges = CommentEdges.of(sql);
        assertThat(edges.leading()).isEqualTo("-- job 7\n /* a /* nested */ one */ ");
        assertThat(edges.core()).isEqualTo("UPDATE t SET a = 1;");
        assertThat(edges.trailing()).isEqualTo("\n");
        assertThat(edges.around(edges.core())).isEqualTo(sql);
    }

    @Test
    void textsWithoutCommentsAtTheirEdgesHaveNone() {
        assertThat(CommentEdges.of("SELECT 1")).isNull();
        assertThat(CommentEdges.of("  SELECT 1  ")).as("whitespace alone").isNull();
        assertThat(CommentEdges.of("SELECT /* inside */ 1")).as("a comment between tokens").isNull();
        assertThat(CommentEdges.of("SELECT '--', '/*'")).as("comment markers inside a string").isNull();
        assertThat(CommentEdges.of("/* only a comment */")).isNull();
        assertThat(CommentEdges.of("")).isNull();
    }

    @Test
    void aCommentBeforeAFinalSemicolonIsAnEdgeWithIt() {
        String sql = "UPDATE t SET a = 1 /*traceparent='00-4bf9-01'*/; ";
        CommentEdges edges = CommentEdges.of(sql);
        assertThat(edges.core()).isEqualTo("UPDATE t SET a = 1");
        assertThat(edges.trailing()).isEqualTo(" /*traceparent='00-4bf9-01'*/; ");
        assertThat(edges.around(edges.core())).isEqualTo(sql);
        assertThat(CommentEdges.of("SELECT 1;")).as("a final ';' alone").isNull();
        assertThat(CommentEdges.of("SELECT 1; ")).isNull();
        assertThat(CommentEdges.of("SELECT 1 /* a */ + 2;")).as("a comment between other tokens").isNull();
    }

    @Test
    void anUnclosedCommentIsLeftForTheServerToRefuse() {
        assertThat(CommentEdges.of("SELECT 1 /* never closed")).isNull();
        assertThat(CommentEdges.of("SELECT 1 /* a /* nested */ but the outer never closed")).isNull();
    }
}
