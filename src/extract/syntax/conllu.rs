//! Reader for CoNLL-U treebanks (Universal Dependencies): the training and test data.

use super::Upos;

/// One syntactic word of a treebank sentence (multiword-token ranges and empty nodes skipped).
#[derive(Debug, Clone)]
pub struct Word {
    pub form: String,
    pub upos: Upos,
    /// 0 = root, else 1-based index of the head.
    pub head: usize,
    pub deprel: String,
}

/// One treebank sentence.
#[derive(Debug, Clone)]
pub struct TreeSentence {
    /// `# sent_id`; in EWT it starts with the genre (`weblog-`, `newsgroup-`, …).
    pub id: String,
    pub text: String,
    pub words: Vec<Word>,
}

impl TreeSentence {
    pub fn genre(&self) -> &str {
        self.id.split('-').next().unwrap_or("")
    }
}

/// Parses CoNLL-U text. Errors name the line.
pub fn parse(text: &str) -> Result<Vec<TreeSentence>, String> {
    let mut out = Vec::new();
    let mut cur = TreeSentence {
        id: String::new(),
        text: String::new(),
        words: Vec::new(),
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    TreeSentence {
                        id: String::new(),
                        text: String::new(),
                        words: Vec::new(),
                    },
                ));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            if let Some(v) = c.trim().strip_prefix("sent_id =") {
                cur.id = v.trim().to_string();
            } else if let Some(v) = c.trim().strip_prefix("text =") {
                cur.text = v.trim().to_string();
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!("line {}: expected 10 columns", n + 1));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let upos = Upos::from_str(cols[3])
            .ok_or_else(|| format!("line {}: unknown UPOS {:?}", n + 1, cols[3]))?;
        let head = cols[6]
            .parse::<usize>()
            .map_err(|_| format!("line {}: bad head {:?}", n + 1, cols[6]))?;
        cur.words.push(Word {
            form: cols[1].to_string(),
            upos,
            head,
            deprel: cols[7].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for s in &out {
        if s.words.iter().any(|w| w.head > s.words.len()) {
            return Err(format!("sentence {}: head out of range", s.id));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_skips_multiword_ranges() {
        let t = "# sent_id = weblog-x-0001\n# text = I can't.\n\
1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n\
2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tca\tcan\tAUX\tMD\t_\t3\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t0\troot\t_\t_\n\
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";
        let s = parse(t).expect("valid");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].genre(), "weblog");
        assert_eq!(s[0].words.len(), 4);
        assert_eq!(s[0].words[1].form, "ca");
        assert_eq!(s[0].words[2].head, 0);
        assert!(parse("1\tx\n").is_err());
    }
}
