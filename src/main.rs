//! The `newsworker` binary: parse the command line, set up logging, call the library.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use newsworker::config::{
    Cli, Command, EvalSyntaxArgs, LoadgenArgs, LogFormat, OfflineArgs, PipelineArgs,
    TrainSyntaxArgs,
};
use newsworker::extract::Extractor;
use newsworker::loadgen;
use newsworker::normalize::{NormalizeOptions, Normalizer};
use newsworker::offline::{self, Mode};
use newsworker::pipeline::Pipeline;
use newsworker::shutdown::{self, Shutdown};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // One clear line: clap's first line names the option and the problem.
            let rendered = e.render().to_string();
            let line = rendered.lines().next().unwrap_or("invalid arguments");
            eprintln!("newsworker: {}", line.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    init_tracing(cli.log_format);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsworker: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => {
            let rt = runtime()?;
            // Signals first: building the pipeline takes a moment, and a SIGTERM
            // meanwhile must be a clean stop (exit 0), not the default kill.
            let shutdown = Shutdown::new();
            {
                let _in_runtime = rt.enter();
                shutdown::install(shutdown.clone()).context("cannot install signal handlers")?;
            }
            let pipeline = pipeline(&args.pipeline)?;
            let result = rt.block_on(newsworker::kafka::run(args.kafka, pipeline, shutdown));
            // Drained, flushed, committed and closed by now: do not wait for
            // idle or stray blocking work.
            rt.shutdown_background();
            result?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(args) => {
            let pipeline = pipeline(&args.pipeline)?;
            let rt = runtime()?;
            let result = rt.block_on(newsworker::kafka::demo::run(&args, pipeline));
            rt.shutdown_background();
            result?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract(args) => offline_cmd(Mode::Extract, &args, true),
        Command::Normalize(args) => offline_cmd(Mode::Normalize, &args.offline, !args.no_events),
        Command::TrainSyntax(args) => train_syntax(&args),
        Command::EvalSyntax(args) => eval_syntax(&args),
        Command::Loadgen(args) => loadgen_cmd(&args),
    }
}

fn loadgen_cmd(args: &LoadgenArgs) -> anyhow::Result<ExitCode> {
    let summary = match &args.out {
        Some(path) if path.as_os_str() == "-" => loadgen::write_jsonl(
            args.seed,
            args.count,
            &mut std::io::stdout().lock(),
            "stdout",
        )?,
        Some(path) => {
            let mut file =
                std::fs::File::create(path).with_context(|| format!("--out {}", path.display()))?;
            loadgen::write_jsonl(
                args.seed,
                args.count,
                &mut file,
                &path.display().to_string(),
            )?
        }
        None => loadgen::produce(&loadgen::ProduceOptions {
            config: args.producer_config(),
            topic: args.topic.clone(),
            seed: args.seed,
            count: args.count,
            rate: args.rate,
        })?,
    };
    tracing::info!(
        articles = summary.articles,
        bytes = summary.bytes,
        political = summary.political,
        html = summary.html,
        mojibake = summary.mojibake,
        broken = summary.broken,
        seconds = format!("{:.2}", summary.seconds),
        "loadgen done"
    );
    Ok(ExitCode::SUCCESS)
}

fn offline_cmd(mode: Mode, args: &OfflineArgs, events: bool) -> anyhow::Result<ExitCode> {
    let pipeline = if events {
        pipeline(&args.pipeline)?
    } else {
        repair_pipeline(&args.pipeline)?
    };
    let mut stdout = std::io::stdout().lock();
    let summary = offline::run(&pipeline, mode, &args.files, args.text, &mut stdout)?;
    tracing::info!(
        articles = summary.articles,
        records = summary.records,
        rejected = summary.rejected,
        "done"
    );
    Ok(ExitCode::SUCCESS)
}

fn train_syntax(args: &TrainSyntaxArgs) -> anyhow::Result<ExitCode> {
    use newsworker::extract::syntax::train;
    let data = train::load_split(&args.treebank, &args.train_split)?;
    let test = train::load_split(&args.treebank, "test")?;
    let opts = train::TrainOptions {
        tagger_iterations: args.tagger_iterations as usize,
        parser_iterations: args.parser_iterations as usize,
        prune: args.prune,
        ..train::TrainOptions::default()
    };
    let model = train::train(&data, opts, &mut |line| eprintln!("{line}"));
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("--out {}", args.out.display()))?;
    eprintln!("wrote {} ({} bytes)", args.out.display(), bytes.len());
    println!("test split:");
    for line in train::report(&model, &test) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_syntax(args: &EvalSyntaxArgs) -> anyhow::Result<ExitCode> {
    use newsworker::extract::syntax::{train, Analyser};
    let test = train::load_split(&args.treebank, &args.split)?;
    let loaded;
    let analyser = match &args.model {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("--model {}", path.display()))?;
            loaded = Analyser::from_bytes(&bytes)
                .with_context(|| format!("--model {}", path.display()))?;
            &loaded
        }
        None => Analyser::builtin(),
    };
    for line in train::report(analyser.model(), &test) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("newsworker")
        .build()
        .context("cannot start the async runtime")
}

fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Build the pipeline from the shared options; errors name the option.
fn pipeline(args: &PipelineArgs) -> anyhow::Result<Pipeline> {
    let extractor = match &args.rules {
        Some(path) => Extractor::from_rules_file(path)
            .with_context(|| format!("--rules {}", path.display()))?,
        None => Extractor::builtin(),
    };
    let normalizer = Normalizer::new(NormalizeOptions {
        ascii_punctuation: args.ascii_punctuation,
    });
    normalizer.prepare();
    Ok(Pipeline::new(normalizer, extractor, args.max_message_bytes))
}

/// The pipeline for `normalize --no-events`: no extractor is built (the
/// gazetteer and rule automata cost more start-up than a small backfill's
/// repair); `--rules` only names the version the records carry.
fn repair_pipeline(args: &PipelineArgs) -> anyhow::Result<Pipeline> {
    let version = match &args.rules {
        Some(path) => Extractor::version_for_rules(
            &std::fs::read_to_string(path)
                .with_context(|| format!("--rules {}", path.display()))?,
        ),
        None => Extractor::version_for_rules(newsworker::extract::rules::BUILTIN_RULES),
    };
    let normalizer = Normalizer::new(NormalizeOptions {
        ascii_punctuation: args.ascii_punctuation,
    });
    normalizer.prepare();
    Ok(Pipeline::repair_only(
        normalizer,
        version,
        args.max_message_bytes,
    ))
}

/// The error and its causes on one line, each cause once: librdkafka's errors
/// already quote their source, which `{:#}` would repeat.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !line.contains(&text) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
    }
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}
