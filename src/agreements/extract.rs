//! Text out of the files agreements arrive in: plain text and Markdown as they are, Word
//! documents (`.docx`) paragraph by paragraph.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

/// Largest unpacked `word/document.xml` read, against archives that unpack to gigabytes.
const MAX_XML: u64 = 64 * 1024 * 1024;

/// Why a file's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("not UTF-8 text (save it as UTF-8 plain text or Markdown)")]
    NotText,
    #[error("not a Word document (.docx) that can be opened")]
    NotDocx,
    #[error("the Word document is larger than Twinwise reads")]
    TooLarge,
    #[error("only .txt, .md and .docx files can be read")]
    Unsupported,
}

/// The formats an agreement can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Docx,
}

impl Format {
    /// The format a file name says, by its extension.
    pub fn of_name(name: &str) -> Result<Format, ExtractError> {
        let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match extension.as_deref() {
            Some("txt" | "md" | "markdown") => Ok(Format::Text),
            Some("docx") => Ok(Format::Docx),
            _ => Err(ExtractError::Unsupported),
        }
    }
}

/// The text of a file in the given format.
pub fn text(format: Format, bytes: &[u8]) -> Result<String, ExtractError> {
    match format {
        Format::Text => String::from_utf8(bytes.to_vec())
            .map(|t| t.trim_start_matches('\u{FEFF}').to_owned())
            .map_err(|_| ExtractError::NotText),
        Format::Docx => docx(bytes),
    }
}

/// The body of a Word document: one line per paragraph, tabs and line breaks kept.
fn docx(bytes: &[u8]) -> Result<String, ExtractError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ExtractError::NotDocx)?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| ExtractError::NotDocx)?;
    let mut xml = String::new();
    entry
        .take(MAX_XML + 1)
        .read_to_string(&mut xml)
        .map_err(|_| ExtractError::NotDocx)?;
    if xml.len() as u64 > MAX_XML {
        return Err(ExtractError::TooLarge);
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|_| ExtractError::NotDocx)? {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" => out.push('\t'),
                "w:br" | "w:cr" => out.push('\n'),
                "w:p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    out.push_str(match r.xml10_content().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    /// A minimal Word document with these paragraphs.
    pub(crate) fn docx_of(paragraphs: &[&str]) -> Vec<u8> {
        let body: String = paragraphs
            .iter()
            .map(|p| {
                let runs: String = p
                    .split('\t')
                    .map(|part| {
                        format!(
                            "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                            part.replace('&', "&amp;").replace('<', "&lt;")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("<w:r><w:tab/></w:r>");
                format!("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>{runs}</w:p>")
            })
            .collect();
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file("word/document.xml", options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn word_documents_give_one_line_per_paragraph() {
        let bytes = docx_of(&[
            "Article 1\tPurpose",
            "Städte & Gemeinden <fördern> 交流",
            "",
        ]);
        assert_eq!(
            text(Format::Docx, &bytes).unwrap(),
            "Article 1\tPurpose\nStädte & Gemeinden <fördern> 交流\n\n"
        );
    }

    #[test]
    fn what_is_not_a_document_is_refused() {
        assert_eq!(
            text(Format::Docx, b"PK\x03\x04 broken"),
            Err(ExtractError::NotDocx)
        );
        assert_eq!(
            text(Format::Text, b"Vertr\xe4ge"),
            Err(ExtractError::NotText)
        );
        assert_eq!(Format::of_name("scan.pdf"), Err(ExtractError::Unsupported));
        assert_eq!(Format::of_name("MoU.DOCX"), Ok(Format::Docx));
        assert_eq!(
            text(Format::Text, "\u{FEFF}Text".as_bytes()).unwrap(),
            "Text"
        );
    }
}
