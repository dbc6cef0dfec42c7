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
    #[error("not a PDF that can be opened")]
    NotPdf,
    #[error("the PDF is protected by a password: remove it and upload the file again")]
    PdfEncrypted,
    #[error(
        "the PDF has no text layer (it is probably a scan): run text recognition (OCR) on it, or paste the text"
    )]
    NoTextLayer,
    #[error("the PDF could not be read in time: paste its text instead")]
    TooSlow,
    #[error("only .txt, .md, .docx and .pdf files can be read")]
    Unsupported,
}

/// How long reading one PDF may take.
const PDF_TIME: std::time::Duration = std::time::Duration::from_secs(5);

/// The formats an agreement can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Docx,
    Pdf,
}

impl Format {
    /// The format a file name says, by its extension.
    pub fn of_name(name: &str) -> Result<Format, ExtractError> {
        let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match extension.as_deref() {
            Some("txt" | "md" | "markdown") => Ok(Format::Text),
            Some("docx") => Ok(Format::Docx),
            Some("pdf") => Ok(Format::Pdf),
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
        Format::Pdf => pdf(bytes),
    }
}

/// The text layer of a PDF, read on a thread of its own: the reader is third-party code
/// facing hostile files, so a panic is contained and a file that takes too long is given up
/// (the request answers; the thread ends when the reader does).
fn pdf(bytes: &[u8]) -> Result<String, ExtractError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    let owned = bytes.to_vec();
    let (done, result) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("pdf-text".to_owned())
        .spawn(move || {
            let read = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&owned));
            let _ = done.send(read);
        })
        .map_err(|_| ExtractError::NotPdf)?;
    let encrypted = || bytes.windows(8).any(|w| w == b"/Encrypt");
    match result.recv_timeout(PDF_TIME) {
        Ok(Ok(Ok(text))) => {
            // Pages are separated by form feeds; a page's lines by line breaks.
            let text = text.replace('\u{c}', "\n");
            if text.chars().filter(|c| c.is_alphanumeric()).count() < 20 {
                Err(ExtractError::NoTextLayer)
            } else {
                Ok(text)
            }
        }
        Ok(Ok(Err(_))) | Ok(Err(_)) if encrypted() => Err(ExtractError::PdfEncrypted),
        Ok(_) => Err(ExtractError::NotPdf),
        Err(_) => Err(ExtractError::TooSlow),
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

/// A minimal Word document holding these paragraphs (a tab in one becomes a `w:tab`), for
/// the tests.
pub fn sample_docx(paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
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
    // Writing a zip into memory cannot fail.
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options)
        .and_then(|()| Ok(zip.write_all(b"<Types/>")?))
        .and_then(|()| zip.start_file("word/document.xml", options))
        .and_then(|()| Ok(zip.write_all(xml.as_bytes())?))
        .expect("a zip in memory");
    zip.finish().expect("a zip in memory").into_inner()
}

/// A one-page PDF showing these lines in Helvetica (no lines: a page without a text layer,
/// like a scan), for the tests, the benchmark and the fuzz target.
pub fn sample_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 11 Tf 72 760 Td 14 TL\n");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal Word document with these paragraphs.
    #[test]
    fn a_text_pdf_is_read_and_a_scan_or_a_fake_is_refused() {
        let pdf = sample_pdf(&[
            "Article 1",
            "The Parties shall develop exchanges in culture.",
            "Article 2",
            "The City adheres to the one China principle.",
        ]);
        let read = text(Format::Pdf, &pdf).unwrap();
        assert!(read.contains("Article 2"), "{read:?}");
        assert!(read.contains("one China principle"), "{read:?}");
        assert_eq!(
            text(Format::Pdf, &sample_pdf(&[])),
            Err(ExtractError::NoTextLayer)
        );
        assert_eq!(text(Format::Pdf, b"%PDF-1.7"), Err(ExtractError::NotPdf));
        assert_eq!(
            text(Format::Pdf, b"MZ\x90\x00 an executable"),
            Err(ExtractError::NotPdf)
        );
        let garbage: Vec<u8> = b"%PDF-1.4\n"
            .iter()
            .copied()
            .chain((0..4096u32).map(|i| (i * 7919 % 251) as u8))
            .collect();
        assert!(text(Format::Pdf, &garbage).is_err());
        assert_eq!(Format::of_name("Scan.PDF"), Ok(Format::Pdf));
    }

    #[test]
    fn word_documents_give_one_line_per_paragraph() {
        let bytes = sample_docx(&[
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
        assert_eq!(Format::of_name("notes.odt"), Err(ExtractError::Unsupported));
        assert_eq!(Format::of_name("MoU.DOCX"), Ok(Format::Docx));
        assert_eq!(
            text(Format::Text, "\u{FEFF}Text".as_bytes()).unwrap(),
            "Text"
        );
    }
}
