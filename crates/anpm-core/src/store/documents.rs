//! SQL for the documents registry and its links to code paths.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row};

use super::Tx;
use crate::domain::{
    Document, DocumentId, DocumentLink, DocumentLinkId, LinkOrigin, ProjectId, Timestamp,
};
use crate::Result;

const COLUMNS: &str = "id, project_id, title, file_path, doc_type, description, source, last_updated_at, \
                       staleness_days, is_stale, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Document> {
    Ok(Document {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        title: row.get("title")?,
        file_path: row.get("file_path")?,
        doc_type: row.get("doc_type")?,
        description: row.get("description")?,
        source: row.get("source")?,
        last_updated_at: row.get("last_updated_at")?,
        staleness_days: row.get("staleness_days")?,
        is_stale: row.get("is_stale")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

fn link_from_row(row: &Row<'_>) -> rusqlite::Result<DocumentLink> {
    Ok(DocumentLink {
        id: row.get("id")?,
        document_id: row.get("document_id")?,
        code_path: row.get("code_path")?,
        link_type: row.get("link_type")?,
        origin: row.get("origin")?,
        created_at: row.get("created_at")?,
    })
}

impl Tx<'_> {
    /// Stores a new document with its searchable text.
    pub fn insert_document(&self, d: &Document, body: &str) -> Result<()> {
        self.exec(
            &format!(
                "INSERT INTO documents ({COLUMNS}, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
            ),
            params![
                d.id,
                d.project_id,
                d.title,
                d.file_path,
                d.doc_type,
                d.description,
                d.source,
                d.last_updated_at,
                d.staleness_days,
                d.is_stale,
                d.created_at,
                d.updated_at,
                body
            ],
        )?;
        Ok(())
    }

    /// Writes every field of a document but its text.
    pub fn update_document(&self, d: &Document) -> Result<()> {
        self.exec(
            "UPDATE documents SET title = ?2, file_path = ?3, doc_type = ?4, description = ?5,
                    last_updated_at = ?6, staleness_days = ?7, is_stale = ?8, updated_at = ?9
             WHERE id = ?1",
            params![
                d.id,
                d.title,
                d.file_path,
                d.doc_type,
                d.description,
                d.last_updated_at,
                d.staleness_days,
                d.is_stale,
                d.updated_at
            ],
        )?;
        Ok(())
    }

    /// Replaces a document's searchable text when it differs (so an unchanged file costs no index write).
    pub fn set_document_body(&self, id: DocumentId, body: &str) -> Result<()> {
        self.exec("UPDATE documents SET body = ?2 WHERE id = ?1 AND body <> ?2", params![id, body])?;
        Ok(())
    }

    pub fn delete_document(&self, id: DocumentId) -> Result<()> {
        self.exec("DELETE FROM documents WHERE id = ?1", [id])?;
        Ok(())
    }

    pub fn document(&self, id: DocumentId) -> Result<Option<Document>> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {COLUMNS} FROM documents WHERE id = ?1"), [id], from_row)
            .optional()?)
    }

    pub fn document_by_path(&self, project_id: ProjectId, path: &str) -> Result<Option<Document>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM documents WHERE project_id = ?1 AND file_path = ?2"),
                params![project_id, path],
                from_row,
            )
            .optional()?)
    }

    /// A project's documents, by path.
    pub fn documents(&self, project_id: ProjectId) -> Result<Vec<Document>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM documents WHERE project_id = ?1 ORDER BY file_path"
        ))?;
        let rows = stmt.query_map([project_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// How many documents there are, and how many are stale, in one project or all.
    pub fn document_counts(&self, project_id: Option<ProjectId>) -> Result<(u64, u64)> {
        Ok(self.row(
            "SELECT count(*), coalesce(sum(is_stale), 0) FROM documents WHERE (?1 IS NULL OR project_id = ?1)",
            [project_id],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )?)
    }

    /// Marks documents stale with their age in days.
    pub fn mark_document_stale(&self, id: DocumentId, staleness_days: i64, now: Timestamp) -> Result<()> {
        self.exec(
            "UPDATE documents SET is_stale = 1, staleness_days = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, staleness_days, now],
        )?;
        Ok(())
    }

    pub fn insert_document_link(&self, link: &DocumentLink) -> Result<()> {
        self.exec(
            "INSERT INTO document_links (id, document_id, code_path, link_type, origin, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                link.id,
                link.document_id,
                link.code_path,
                link.link_type,
                link.origin,
                link.created_at
            ],
        )?;
        Ok(())
    }

    pub fn document_links(&self, document_id: DocumentId) -> Result<Vec<DocumentLink>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, document_id, code_path, link_type, origin, created_at FROM document_links
             WHERE document_id = ?1 ORDER BY code_path",
        )?;
        let rows = stmt.query_map([document_id], link_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn delete_document_link(&self, document_id: DocumentId, code_path: &str) -> Result<bool> {
        let n = self.exec(
            "DELETE FROM document_links WHERE document_id = ?1 AND code_path = ?2",
            params![document_id, code_path],
        )?;
        Ok(n > 0)
    }

    /// Replaces the links a document's text makes by naming paths; the operator's links stay.
    pub fn replace_mentioned_links(
        &self,
        document_id: DocumentId,
        paths: &[String],
        now: Timestamp,
    ) -> Result<()> {
        let current: Vec<String> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT code_path FROM document_links WHERE document_id = ?1 AND origin = 'mentioned'
                 ORDER BY code_path",
            )?;
            let rows = stmt.query_map([document_id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut wanted = paths.to_vec();
        wanted.sort();
        if current == wanted {
            return Ok(());
        }
        self.exec(
            "DELETE FROM document_links WHERE document_id = ?1 AND origin = 'mentioned'",
            [document_id],
        )?;
        let mut insert = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO document_links (id, document_id, code_path, link_type, origin, created_at)
             VALUES (?1, ?2, ?3, 'references', ?4, ?5)",
        )?;
        for path in paths {
            insert.execute(params![DocumentLinkId::new(), document_id, path, LinkOrigin::Mentioned, now])?;
        }
        Ok(())
    }

    /// Every link of a project's documents: code path → the documents linking it.
    pub fn project_links(&self, project_id: ProjectId) -> Result<HashMap<String, Vec<DocumentId>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.code_path, l.document_id FROM document_links l
             JOIN documents d ON d.id = l.document_id WHERE d.project_id = ?1",
        )?;
        let mut out: HashMap<String, Vec<DocumentId>> = HashMap::new();
        let rows = stmt.query_map([project_id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
        for row in rows {
            let (path, doc) = row?;
            out.entry(path).or_default().push(doc);
        }
        Ok(out)
    }

    /// How many links each of a project's documents has.
    pub fn link_counts(&self, project_id: ProjectId) -> Result<HashMap<DocumentId, i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.document_id, count(*) FROM document_links l
             JOIN documents d ON d.id = l.document_id WHERE d.project_id = ?1 GROUP BY l.document_id",
        )?;
        let rows = stmt.query_map([project_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
    }
}
