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

    /// Every field message in form order, for the summary at the top of the form.
    pub fn fields(&self) -> &[(&'static str, String)] {
        &self.fields
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
