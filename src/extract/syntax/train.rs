//! Training and evaluation on a CoNLL-U treebank (`newsworker train-syntax`).

use std::collections::{BTreeMap, HashMap};

use super::conllu::TreeSentence;
use super::features::{self, Lex, TAG_START, UNKNOWN};
use super::model::Model;
use super::parser;
use super::perceptron::Trainer;
use super::Upos;

/// Iterations over the training sentences.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub tagger_iterations: usize,
    pub parser_iterations: usize,
    /// Folds for jackknifed training tags (the parser learns from tags as the tagger
    /// will give them, errors included); 1 = gold tags.
    pub folds: usize,
    /// Parser weights whose averaged magnitude is below this are dropped (model size).
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_iterations: 8,
            parser_iterations: 15,
            folds: 5,
            prune: 1.0,
        }
    }
}

/// A small deterministic generator (xorshift) for shuffling: training is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

struct Prepared<'a> {
    forms: Vec<&'a str>,
    lex: Vec<Lex>,
    gold_tags: Vec<u8>,
}

fn prepare(s: &TreeSentence) -> Prepared<'_> {
    let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    let lex = forms.iter().map(|f| features::lex(f)).collect();
    let gold_tags = s.words.iter().map(|w| w.upos as u8).collect();
    Prepared {
        forms,
        lex,
        gold_tags,
    }
}

/// Words seen often enough with one tag are tagged by look-up.
fn tag_dictionary(data: &[Prepared<'_>]) -> HashMap<u64, u8> {
    let mut counts: HashMap<&str, [u32; 17]> = HashMap::new();
    for p in data {
        for (f, &t) in p.forms.iter().zip(&p.gold_tags) {
            counts.entry(f).or_insert([0; 17])[t as usize] += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(f, c)| {
            let total: u32 = c.iter().sum();
            let (best, n) = c.iter().enumerate().max_by_key(|x| x.1)?;
            (total >= 20 && *n as f64 / total as f64 >= 0.97)
                .then(|| (features::dict_key(f), best as u8))
        })
        .collect()
}

fn train_tagger(data: &[&Prepared<'_>], iterations: usize, rng: &mut Rng) -> Trainer {
    let mut t = Trainer::new(Upos::ALL.len());
    // Most frequent tags as the tagger will see them: a word seen once in training is
    // as good as unknown, so the model also learns to tag next to unknown words.
    let counts = tag_counts(data);
    let amb: Vec<Vec<u8>> = data
        .iter()
        .map(|p| {
            p.lex
                .iter()
                .map(|l| match counts.get(&l.word) {
                    Some(c) if c.iter().sum::<u32>() > 1 => most_frequent(c),
                    _ => UNKNOWN,
                })
                .collect()
        })
        .collect();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let (mut feats, mut scores) = (Vec::new(), Vec::new());
    for _ in 0..iterations {
        rng.shuffle(&mut order);
        for &k in &order {
            let p = data[k];
            let (mut p1, mut p2) = (TAG_START, TAG_START);
            for i in 0..p.forms.len() {
                features::tagger_features(&p.lex, &amb[k], i, p1, p2, &mut feats);
                t.score(&feats, &mut scores);
                let guess = (0..17).fold(0, |b, c| if scores[c] > scores[b] { c } else { b });
                t.update(p.gold_tags[i] as usize, guess, &feats);
                p2 = p1;
                p1 = guess as u8;
            }
        }
    }
    t
}

/// Tag counts per word (hash of the lowercased form).
fn tag_counts(data: &[&Prepared<'_>]) -> HashMap<u64, [u32; 17]> {
    let mut m: HashMap<u64, [u32; 17]> = HashMap::new();
    for p in data {
        for (l, &t) in p.lex.iter().zip(&p.gold_tags) {
            m.entry(l.word).or_insert([0; 17])[t as usize] += 1;
        }
    }
    m
}

fn most_frequent(c: &[u32; 17]) -> u8 {
    (0..17).fold(0, |b, k| if c[k] > c[b] { k } else { b }) as u8
}

/// Each word's most frequent tag (what the model ships).
fn vocabulary(data: &[&Prepared<'_>]) -> HashMap<u64, u8> {
    tag_counts(data)
        .into_iter()
        .map(|(w, c)| (w, most_frequent(&c)))
        .collect()
}

fn tagger_model(trainer: Trainer, tagdict: HashMap<u64, u8>, vocab: HashMap<u64, u8>) -> Model {
    let labels = vec!["root", "dep"];
    Model::new(
        labels,
        tagdict,
        vocab,
        trainer.freeze(0.0),
        Trainer::new(parser::n_classes(2)).freeze(0.0),
    )
    .expect("root and dep present")
}

/// Trains the tagger and the parser on `train`; `log` receives progress lines.
pub fn train(train: &[TreeSentence], opts: TrainOptions, log: &mut dyn FnMut(String)) -> Model {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let data: Vec<Prepared<'_>> = train.iter().map(prepare).collect();
    let tagdict = tag_dictionary(&data);
    log(format!(
        "{} sentences, {} words; tag dictionary {} words",
        data.len(),
        data.iter().map(|p| p.forms.len()).sum::<usize>(),
        tagdict.len()
    ));

    // Jackknifed tags for the parser's training data.
    let folds = opts.folds.max(1);
    let mut train_tags: Vec<Vec<u8>> = data.iter().map(|p| p.gold_tags.clone()).collect();
    if folds > 1 {
        let mut feats = Vec::new();
        for f in 0..folds {
            let rest: Vec<&Prepared<'_>> = data
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != f)
                .map(|x| x.1)
                .collect();
            let m = tagger_model(
                train_tagger(&rest, opts.tagger_iterations, &mut rng),
                tagdict.clone(),
                vocabulary(&rest),
            );
            for (i, p) in data.iter().enumerate().filter(|(i, _)| i % folds == f) {
                m.tag(&p.forms, &p.lex, &mut train_tags[i], &mut feats);
            }
        }
        let (ok, all) = data
            .iter()
            .zip(&train_tags)
            .fold((0, 0), |(ok, all), (p, t)| {
                let k = p.gold_tags.iter().zip(t).filter(|(a, b)| a == b).count();
                (ok + k, all + t.len())
            });
        log(format!(
            "jackknifed training tags: {:.2}% UPOS over {folds} folds",
            100.0 * ok as f64 / all as f64
        ));
    }
    let all: Vec<&Prepared<'_>> = data.iter().collect();
    let tagger = train_tagger(&all, opts.tagger_iterations, &mut rng).freeze(0.0);

    // Labels, most frequent first; "dep" for words the parser leaves unattached.
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for s in train {
        for w in &s.words {
            *freq.entry(w.deprel.as_str()).or_default() += 1;
        }
    }
    freq.entry("root").or_default();
    freq.entry("dep").or_default();
    let mut labels: Vec<(&str, usize)> = freq.into_iter().collect();
    labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    labels.truncate(120);
    let label_id: HashMap<&str, u8> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.0, i as u8))
        .collect();
    let n_labels = labels.len();
    let dep = label_id["dep"];

    let mut trainer = Trainer::new(parser::n_classes(n_labels));
    // Per sentence: lexical hashes and tags with the root, gold heads and labels.
    type Example = (Vec<Lex>, Vec<u8>, Vec<usize>, Vec<u8>);
    let prepared: Vec<Example> = train
        .iter()
        .zip(&data)
        .zip(&train_tags)
        .map(|((s, p), tags)| {
            let (lex, tags) = parser::with_root(&p.lex, tags);
            let mut h = vec![0];
            h.extend(s.words.iter().map(|w| w.head));
            let mut l = vec![0];
            l.extend(
                s.words
                    .iter()
                    .map(|w| *label_id.get(w.deprel.as_str()).unwrap_or(&dep)),
            );
            (lex, tags, h, l)
        })
        .collect();
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let (mut feats, mut scores) = (Vec::new(), Vec::new());
    for it in 0..opts.parser_iterations {
        rng.shuffle(&mut order);
        for &k in &order {
            let (lex, tags, h, l) = &prepared[k];
            let explore = it > 0;
            parser::train_sentence(
                &mut trainer,
                n_labels,
                lex,
                tags,
                h,
                l,
                explore,
                &mut feats,
                &mut scores,
            );
        }
        log(format!("parser iteration {} done", it + 1));
    }
    let parser_w = trainer.freeze(opts.prune);
    let labels: Vec<&'static str> = labels
        .iter()
        .map(|l| &*Box::leak(l.0.to_string().into_boxed_str()))
        .collect();
    let model = Model::new(labels, tagdict, vocabulary(&all), tagger, parser_w)
        .expect("root and dep present");
    let (tf, tw) = model.tagger.size();
    let (pf, pw) = model.parser.size();
    log(format!(
        "tagger {tf} features / {tw} weights, parser {pf} features / {pw} weights"
    ));
    model
}

/// Counts for UPOS accuracy, UAS and LAS (all words, punctuation included, as in the
/// CoNLL 2018 shared task), on gold tokenisation.
#[derive(Debug, Default, Clone, Copy)]
pub struct Scores {
    pub words: usize,
    pub upos: usize,
    pub uas: usize,
    pub las: usize,
    pub sentences: usize,
}

impl Scores {
    fn add(&mut self, o: &Scores) {
        self.words += o.words;
        self.upos += o.upos;
        self.uas += o.uas;
        self.las += o.las;
        self.sentences += o.sentences;
    }

    pub fn pct(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.words.max(1) as f64
    }

    pub fn line(&self, name: &str) -> String {
        format!(
            "{name:<22} {:>5} sentences {:>6} words  UPOS {:.2}  UAS {:.2}  LAS {:.2}",
            self.sentences,
            self.words,
            self.pct(self.upos),
            self.pct(self.uas),
            self.pct(self.las)
        )
    }
}

/// Scores `model` on `test`: overall and per genre (the `sent_id` prefix).
pub fn evaluate(model: &Model, test: &[TreeSentence]) -> (Scores, BTreeMap<String, Scores>) {
    let mut all = Scores::default();
    let mut by_genre: BTreeMap<String, Scores> = BTreeMap::new();
    let (mut feats, mut scores, mut tags) = (Vec::new(), Vec::new(), Vec::new());
    for s in test {
        let p = prepare(s);
        model.tag(&p.forms, &p.lex, &mut tags, &mut feats);
        let (lex, ptags) = parser::with_root(&p.lex, &tags);
        let st = parser::parse(
            &model.parser,
            model.labels.len(),
            model.root_label,
            model.dep_label,
            &lex,
            &ptags,
            &mut feats,
            &mut scores,
        );
        let mut sc = Scores {
            sentences: 1,
            ..Scores::default()
        };
        for (i, w) in s.words.iter().enumerate() {
            sc.words += 1;
            sc.upos += (tags[i] == w.upos as u8) as usize;
            if st.heads[i + 1] == w.head {
                sc.uas += 1;
                sc.las += (model.labels[st.labels[i + 1] as usize] == w.deprel) as usize;
            }
        }
        all.add(&sc);
        by_genre.entry(s.genre().to_string()).or_default().add(&sc);
    }
    (all, by_genre)
}

/// Reads the `*-ud-{split}.conllu` file of a treebank directory.
pub fn load_split(
    dir: &std::path::Path,
    split: &str,
) -> Result<Vec<TreeSentence>, super::SyntaxError> {
    let suffix = format!("-ud-{split}.conllu");
    let entries = std::fs::read_dir(dir).map_err(|source| super::SyntaxError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut found: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(&suffix))
        })
        .collect();
    found.sort();
    let path = found
        .into_iter()
        .next()
        .ok_or_else(|| super::SyntaxError::Treebank {
            path: dir.display().to_string(),
            message: format!("no *{suffix} file"),
        })?;
    let text = std::fs::read_to_string(&path).map_err(|source| super::SyntaxError::Io {
        path: path.display().to_string(),
        source,
    })?;
    super::conllu::parse(&text).map_err(|message| super::SyntaxError::Treebank {
        path: path.display().to_string(),
        message,
    })
}

/// Report lines: all sentences, each genre, and newsgroup + weblog together.
pub fn report(model: &Model, test: &[TreeSentence]) -> Vec<String> {
    let (all, genres) = evaluate(model, test);
    let mut lines = vec![all.line("all")];
    let mut news = Scores::default();
    for (g, s) in &genres {
        lines.push(s.line(g));
        if g == "newsgroup" || g == "weblog" {
            news.add(s);
        }
    }
    lines.push(news.line("newsgroup+weblog"));
    lines
}
