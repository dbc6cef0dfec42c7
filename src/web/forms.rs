//! Errors found in a submitted form, shown next to their fields.

/// Field-level messages plus an optional message for the whole form.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    fields: Vec<(&'static str, String)>,
    /// A problem with the form as a whole (expired CSRF token, wrong password, ...).
    pub form: Option<String>,
}

impl FormErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a message for a field (the first one per field wins).
    pub fn add(&mut self, field: &'static str, message: impl ToString) {
        if self.get(field).is_none() {
            self.fields.push((field, message.to_string()));
        }
    }

    /// Adds another form's field messages (a form made of two parts).
    pub fn extend(&mut self, other: FormErrors) {
        for (field, message) in other.fields {
            self.add(field, message);
        }
        if self.form.is_none() {
            self.form = other.form;
        }
    }

    /// Keeps the value when valid, or records the error and returns `None`.
    pub fn check<T, E: ToString>(
        &mut self,
        field: &'static str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(field, e);
                None
            }
        }
    }

    /// Sets the form-level message.
    pub fn whole_form(message: impl ToString) -> Self {
        FormErrors {
            fields: Vec::new(),
            form: Some(message.to_string()),
        }
    }

    /// The form-level message of a form whose CSRF check failed.
    pub fn forged() -> Self {
        Self::whole_form(crate::auth::csrf::CSRF_FAILED)
    }

    /// The message for a field, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    /// Every field message, in the order they were recorded.
    pub fn fields(&self) -> &[(&'static str, String)] {
        &self.fields
    }

    /// Every field message in the order of `fields`, the form's fields as its template lays
    /// them out, for the summary at the top of the form. The order the code checked them in
    /// does not matter; a message for a field that is not listed comes last (the template
    /// test below keeps the lists complete and in document order).
    pub fn in_field_order<'a, 'f>(
        &'a self,
        fields: impl AsRef<[&'f str]>,
    ) -> Vec<(&'static str, &'a str)> {
        let fields = fields.as_ref();
        let position = |field: &str| {
            fields
                .iter()
                .position(|f| *f == field)
                .unwrap_or(fields.len())
        };
        let mut ordered: Vec<(&'static str, &'a str)> = self
            .fields
            .iter()
            .map(|(field, message)| (*field, message.as_str()))
            .collect();
        ordered.sort_by_key(|(field, _)| position(field));
        ordered
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_none()
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    #[test]
    fn summary_follows_the_declared_field_order_not_the_checking_order() {
        let mut errors = FormErrors::new();
        errors.add("password", "p");
        errors.add("unlisted", "u");
        errors.add("city", "c");
        errors.add("email", "e");
        let order = ["email", "display_name", "city", "password"];
        assert_eq!(
            errors.in_field_order(order),
            vec![
                ("email", "e"),
                ("city", "c"),
                ("password", "p"),
                ("unlisted", "u")
            ]
        );
        assert!(FormErrors::new().in_field_order(order).is_empty());
    }

    /// Every template under `dir`, recursively.
    fn templates(dir: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).expect("read the templates folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                found.extend(templates(&path));
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path);
            }
        }
        found
    }

    /// Where `word` starts in `source` as a whole identifier (not the tail of a longer one).
    fn find_ident(source: &str, word: &str) -> Vec<usize> {
        source
            .match_indices(word)
            .map(|(at, _)| at)
            .filter(|&at| {
                !source[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
            .collect()
    }

    /// Each `m::error_summary(VAR, [\"a\", \"b\"])` call: VAR and the listed fields.
    fn summary_calls(source: &str) -> Vec<(String, Vec<String>)> {
        source
            .match_indices("m::error_summary(")
            .map(|(at, call)| {
                let rest = &source[at + call.len()..];
                let (var, rest) = rest.split_once(',').expect("error_summary(errors, [...])");
                let list = rest
                    .trim_start()
                    .strip_prefix('[')
                    .and_then(|l| l.split_once(']'))
                    .map(|(list, _)| list)
                    .expect("the field list is an array literal");
                let fields = list
                    .split(',')
                    .map(|f| f.trim().trim_matches('"').to_owned())
                    .filter(|f| !f.is_empty())
                    .collect();
                (var.trim().to_owned(), fields)
            })
            .collect()
    }

    /// Where the element a summary link for `field` points to is in the template: an
    /// element with that id, or a form macro given that name (which is its id).
    fn anchor(source: &str, field: &str) -> Option<usize> {
        [
            format!("id=\"{field}\""),
            format!("m::input(\"{field}\""),
            format!("m::textarea(\"{field}\""),
        ]
        .iter()
        .filter_map(|pattern| source.find(pattern.as_str()))
        .min()
    }

    /// Checks one template's summaries: each list names every field the template shows an
    /// error for, each is the id of an element there, and they come in the order those
    /// elements do. Answers how many summaries it checked.
    fn check_summaries(name: &str, source: &str) -> Result<usize, String> {
        let calls = summary_calls(source);
        for (var, fields) in &calls {
            let shown = find_ident(source, &format!("{var}.get(\""))
                .into_iter()
                .filter_map(|at| source[at..].split('"').nth(1));
            for field in shown {
                if !fields.iter().any(|f| f == field) {
                    return Err(format!(
                        "{name}: the summary of `{var}` does not list {field:?}: {fields:?}"
                    ));
                }
            }
            let mut previous: Option<(&str, usize)> = None;
            for field in fields {
                let at = anchor(source, field).ok_or_else(|| {
                    format!("{name}: the summary links to #{field}, which is not in the form")
                })?;
                if let Some((before, was)) = previous
                    && was > at
                {
                    return Err(format!(
                        "{name}: the summary lists {before:?} before {field:?}, but the form \
                         shows them the other way round"
                    ));
                }
                previous = Some((field, at));
            }
        }
        Ok(calls.len())
    }

    /// The template with each `{% include "…" %}` replaced by the included file, so that a
    /// summary can list the fields of a part shared by several forms.
    fn with_includes(root: &Path, source: &str) -> String {
        let mut out = source.to_owned();
        while let Some(start) = out.find("{% include \"") {
            let rest = &out[start + 12..];
            let name = rest.split('"').next().unwrap_or_default().to_owned();
            let end = start + out[start..].find("%}").map_or(0, |e| e + 2);
            let included = std::fs::read_to_string(root.join(&name)).unwrap_or_default();
            out.replace_range(start..end, &included);
        }
        out
    }

    /// The summary's order cannot drift from the form's: every template passes the check.
    #[test]
    fn every_error_summary_lists_its_fields_in_document_order() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut summaries = 0;
        for path in templates(&root) {
            let source = with_includes(
                &root,
                &std::fs::read_to_string(&path).expect("read a template"),
            );
            let name = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .display()
                .to_string();
            summaries += check_summaries(&name, &source).unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(summaries >= 13, "only {summaries} error summaries found");
    }

    #[test]
    fn the_summary_check_catches_a_wrong_order_a_missing_field_and_a_dead_link() {
        let form = |list: &str| {
            format!(
                "{{% call m::error_summary(errors, [{list}]) %}}{{% endcall %}}\n\
                 {{% call m::input(\"email\", \"Email\", \"email\", v, errors.get(\"email\"), \"\", \"\") %}}\n\
                 <select id=\"country\">{{% if let Some(m) = errors.get(\"country\") %}}{{% endif %}}\n\
                 {{% call m::input(\"password\", \"P\", \"password\", \"\", other_errors.get(\"other\"), \"\", \"\") %}}"
            )
        };
        assert_eq!(
            check_summaries("good", &form(r#""email", "country", "password""#)),
            Ok(1)
        );
        let swapped = check_summaries("swapped", &form(r#""country", "email""#)).unwrap_err();
        assert!(
            swapped.contains("\"country\" before \"email\""),
            "{swapped}"
        );
        let missing = check_summaries("missing", &form(r#""email""#)).unwrap_err();
        assert!(missing.contains("does not list \"country\""), "{missing}");
        let dead = check_summaries("dead", &form(r#""email", "country", "city""#)).unwrap_err();
        assert!(dead.contains("#city"), "{dead}");
    }

    #[test]
    fn keeps_first_message_per_field() {
        let mut errors = FormErrors::new();
        errors.add("email", "first");
        errors.add("email", "second");
        assert_eq!(errors.get("email"), Some("first"));
        assert_eq!(errors.fields().len(), 1);
        assert!(!errors.is_empty());
    }
}
